import type { Command } from 'commander';
import type { HubRequest } from '../api-types.ts';
import { authorized, CliError, EXIT, expectOk, resolveConnection } from '../hub-client.ts';
import { wantsProgress } from '../options.ts';
import { describeRequest } from '../render.ts';
import { waitForRequest } from '../wait.ts';

export function registerRetry(program: Command): void {
  program
    .command('retry <id> <integration>')
    .description('re-run one task of a request (ops), then follow it until it settles')
    .option('--no-wait', 'return as soon as the hub accepted the retry')
    .option('--json', 'print the request resource as JSON')
    .action(async (id: string, integration: string, options: { wait: boolean; json?: boolean }) => {
      const connection = resolveConnection(program.opts());
      const answer = await authorized(
        connection,
        'POST',
        `/v1/requests/${encodeURIComponent(id)}/tasks/${encodeURIComponent(integration)}/retry`,
      );
      expectOk(answer, 'the retry was');
      let request = answer.body as HubRequest;
      if (options.wait) {
        request = await waitForRequest(connection, request, wantsProgress(options.json));
      }
      console.log(options.json ? JSON.stringify(request, null, 2) : describeRequest(request));
      if (options.wait && request.status === 'needs_attention') {
        throw new CliError('the request still needs attention: a task failed', EXIT.needsAttention);
      }
    });
}
