import { SingleBar } from 'cli-progress';
import type { IntegrationCounts, IntegrationItem } from './api-types.ts';
import { CliError, EXIT, getResource, type HubConnection } from './hub-client.ts';

/**
 * Polls `GET /v1/integrations` until the integration has no task left pending or
 * retrying (the redriven tasks have settled, one way or the other), drawing a bar
 * of `redriven` tasks on a terminal. Other requests' work in flight counts too,
 * since the hub reports counts per integration, not per redrive.
 */
export async function waitForIntegration(
  connection: HubConnection,
  name: string,
  redriven: number,
  options: { showProgress: boolean; timeoutMs: number; pollMs?: number },
): Promise<IntegrationCounts> {
  const bar = options.showProgress
    ? new SingleBar({
        format: `${name} {bar} {value}/{total} settled  failed {failed}`,
        stream: process.stderr,
      })
    : undefined;
  bar?.start(redriven, 0, { failed: '?' });
  const deadline = Date.now() + options.timeoutMs;
  try {
    for (;;) {
      const counts = await countsOf(connection, name);
      const inFlight = counts.pending + counts.retrying;
      bar?.update(Math.max(0, redriven - inFlight), { failed: counts.failed });
      if (inFlight === 0) return counts;
      if (Date.now() > deadline) {
        throw new CliError(
          `${inFlight} ${name} task(s) still pending or retrying after ${options.timeoutMs / 1000} s; check later with: dsr-hub list --integration ${name}`,
          EXIT.refused,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    }
  } finally {
    bar?.stop();
  }
}

async function countsOf(connection: HubConnection, name: string): Promise<IntegrationCounts> {
  const list = await getResource<{ items: IntegrationItem[] }>(
    connection,
    '/v1/integrations',
    'the integrations query was',
  );
  const item = list.items.find((candidate) => candidate.name === name);
  if (!item) throw new CliError(`the hub no longer lists integration ${name}`, EXIT.refused);
  return item.counts;
}
