import type { Command } from 'commander';
import type { RequestView } from '../../core/request-view.ts';
import { authorized, expectOk, resolveConnection } from '../hub-client.ts';
import { describeRequest } from '../render.ts';

export function registerStatus(program: Command): void {
  program
    .command('status <id>')
    .description("show one request's tasks, evidence and deadline")
    .option('--json', 'print the request resource as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const connection = resolveConnection(program.opts());
      const answer = await authorized(connection, 'GET', `/v1/requests/${encodeURIComponent(id)}`);
      expectOk(answer, 'the status query was');
      const request = answer.body as RequestView;
      console.log(options.json ? JSON.stringify(request, null, 2) : describeRequest(request));
    });
}
