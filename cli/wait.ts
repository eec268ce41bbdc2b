import { SingleBar } from 'cli-progress';
import type { RequestView } from '../core/request-view.ts';
import { authorized, CliError, EXIT, expectOk, type HubConnection } from './hub-client.ts';

const SETTLED = new Set(['acknowledged', 'not_applicable', 'failed', 'awaiting_ack']);

/** Polls until no task is still pending or retrying, with a progress bar on a terminal. */
export async function waitForRequest(
  connection: HubConnection,
  initial: RequestView,
  showProgress: boolean,
  timeoutMs = Number(process.env.DSR_HUB_WAIT_SECONDS ?? 120) * 1000,
): Promise<RequestView> {
  const bar =
    showProgress && process.stderr.isTTY
      ? new SingleBar({ format: 'tasks {bar} {value}/{total} settled', stream: process.stderr })
      : undefined;
  bar?.start(initial.tasks.length, 0);
  const deadline = Date.now() + timeoutMs;
  let request = initial;
  try {
    for (;;) {
      const settled = request.tasks.filter((task) => SETTLED.has(task.status)).length;
      bar?.update(settled);
      if (settled === request.tasks.length) return request;
      if (Date.now() > deadline) {
        throw new CliError(
          `still in progress after ${timeoutMs / 1000} s; check later with: dsr-hub status ${request.id}`,
          EXIT.refused,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      const answer = await authorized(
        connection,
        'GET',
        `/v1/requests/${encodeURIComponent(request.id)}`,
      );
      expectOk(answer, 'the status query was');
      request = answer.body as RequestView;
    }
  } finally {
    bar?.stop();
  }
}
