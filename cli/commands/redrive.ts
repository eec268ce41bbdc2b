import type { Command } from 'commander';
import type { IntegrationCounts, RedriveAnswer } from '../api-types.ts';
import { authorized, CliError, EXIT, expectOk, resolveConnection } from '../hub-client.ts';
import { integerBetween, wantsProgress } from '../options.ts';
import { table } from '../render.ts';
import { waitForIntegration } from '../settle-integration.ts';

interface RedriveOptions {
  wait: boolean;
  timeout?: number;
  json?: boolean;
}

export function registerRedrive(program: Command): void {
  program
    .command('redrive <integration>')
    .description('re-run every failed task of one integration (ops), then watch them settle')
    .option('--no-wait', 'return as soon as the hub accepted the redrive')
    .option(
      '--timeout <seconds>',
      'how long to watch (default $DSR_HUB_WAIT_SECONDS or 120)',
      integerBetween(1, 86_400),
    )
    .option('--json', 'print {"integration", "redriven", "counts"} as JSON')
    .action(async (integration: string, options: RedriveOptions) => {
      const connection = resolveConnection(program.opts());
      const answer = await authorized(
        connection,
        'POST',
        `/v1/integrations/${encodeURIComponent(integration)}/redrive`,
      );
      expectOk(answer, 'the redrive was');
      const { redriven } = answer.body as RedriveAnswer;
      let counts: IntegrationCounts | undefined;
      if (options.wait && redriven > 0) {
        counts = await waitForIntegration(connection, integration, redriven, {
          showProgress: wantsProgress(options.json),
          timeoutMs: (options.timeout ?? Number(process.env.DSR_HUB_WAIT_SECONDS ?? 120)) * 1000,
        });
      }
      if (options.json) {
        console.log(JSON.stringify({ integration, redriven, counts: counts ?? null }, null, 2));
      } else {
        console.log(
          redriven === 0
            ? `${integration}: no failed tasks to redrive`
            : `${integration}: redrove ${redriven} failed task${redriven === 1 ? '' : 's'}`,
        );
        if (counts) console.log(`\n${describeCounts(integration, counts)}`);
      }
      if (counts && counts.failed > 0) {
        throw new CliError(
          `${counts.failed} ${integration} task(s) failed again; see: dsr-hub list --integration ${integration} --status needs_attention`,
          EXIT.needsAttention,
        );
      }
    });
}

function describeCounts(integration: string, counts: IntegrationCounts): string {
  return table(
    ['integration', 'pending', 'retrying', 'awaiting_ack', 'failed'],
    [
      [
        integration,
        String(counts.pending),
        String(counts.retrying),
        String(counts.awaiting_ack),
        String(counts.failed),
      ],
    ],
  );
}
