import { type Command, Option } from 'commander';
import { effectiveDeadline, extensionReason, type HubRequest } from '../api-types.ts';
import { authorized, expectOk, resolveConnection } from '../hub-client.ts';
import { describeRequest } from '../render.ts';

export function registerExtend(program: Command): void {
  program
    .command('extend <id>')
    .description("extend a request's deadline once, by up to two months (GDPR Art. 12(3))")
    .addOption(
      new Option('--months <n>', 'how many months more').choices(['1', '2']).makeOptionMandatory(),
    )
    .requiredOption('--reason <text>', 'why (the person must be told; recorded in the audit trail)')
    .option('--json', 'print the request resource as JSON')
    .action(async (id: string, options: { months: string; reason: string; json?: boolean }) => {
      const connection = resolveConnection(program.opts());
      const answer = await authorized(
        connection,
        'POST',
        `/v1/requests/${encodeURIComponent(id)}/extension`,
        { months: Number(options.months), reason: options.reason },
      );
      expectOk(answer, 'the extension was');
      const request = answer.body as HubRequest;
      if (options.json) {
        console.log(JSON.stringify(request, null, 2));
        return;
      }
      console.log(describeRequest(request));
      const until = effectiveDeadline(request);
      console.log(
        `\nextended until ${until.slice(0, 10)}: ${extensionReason(request) ?? options.reason}`,
      );
    });
}
