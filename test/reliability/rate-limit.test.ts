import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlidingWindow } from '../../integrations/sandbox-kit/rate-window.ts';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { getJson } from '../support/hub-client.ts';
import { deliver, mapConcurrently, waitForAll } from '../support/upstream.ts';
import { configureSandbox, sandboxLog } from '../support/vendor-people.ts';

/** The vendor's limit under test, in requests per second, on both sides. */
const LIMIT = 5;
const BACKLOG = 60;

let hub: RunningHub;

/** The first run of more than `limit` calls within one second, as offsets from the first call. */
function crowdedSecond(times: readonly number[], limit: number): number[] | undefined {
  const start = times.findIndex((at, i) => (times[i + limit] ?? Infinity) - at < 1000);
  if (start < 0) return undefined;
  return times.slice(start, start + limit + 1).map((at) => at - (times[0] ?? 0));
}
let stripeUrl: string;

beforeAll(async () => {
  hub = await startHub({
    port: 0,
    env: {
      HUB_INTEGRATIONS: 'stripe',
      STRIPE_RATE_LIMIT: String(LIMIT),
      HUB_RETRY_SCHEDULE: '1,1,2,2,3',
    },
  });
  stripeUrl = hub.sandboxes.get('stripe')?.baseUrl as string;
  await configureSandbox(stripeUrl, { rateLimit: LIMIT });
});

afterAll(() => hub?.stop());

describe('a vendor limited to N requests per second, with a backlog', () => {
  it('never sees more than N in any second, gets close to N, and no task fails on a 429', async () => {
    const customers = Array.from({ length: BACKLOG }, (_, index) => ({
      id: `cus_rate${String(index).padStart(5, '0')}`,
      email: `rate-${index}@example.com`,
    }));
    await fetch(`${stripeUrl}/__sandbox/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customers }),
    });
    const bodies = customers.map((customer, index) => ({
      id: `rate-${index}`,
      type: 'erasure',
      subject: { email: customer.email },
    }));
    const deliveries = await mapConcurrently(bodies, 10, (body) => deliver(() => hub, body));
    expect(deliveries.every((d) => d.status === 202)).toBe(true);

    const settled = await waitForAll(
      () => hub,
      bodies.map((b) => b.id),
      80_000,
    );
    const log = (await sandboxLog(stripeUrl)).filter((entry) => !entry.path.startsWith('/__'));
    const times = log.map((entry) => entry.at).sort((a, b) => a - b);
    const peak = SlidingWindow.peak(times);
    const busySeconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    const achieved = (times.length - 1) / busySeconds;
    const refused = log.filter((entry) => entry.status === 429).length;
    const tasks = [...settled.values()].flatMap((request) => request.tasks);
    const events = await mapConcurrently(bodies, 8, async (body) => {
      return (await getJson(hub, `/v1/requests/${body.id}/events`)).body.items as {
        type: string;
        vendorStatus: number | null;
      }[];
    });
    const retriedOn429 = events
      .flat()
      .filter((e) => e.type === 'retry_scheduled' && e.vendorStatus === 429).length;
    console.log(
      JSON.stringify({
        limit: LIMIT,
        calls: times.length,
        busySeconds: Number(busySeconds.toFixed(2)),
        achievedPerSecond: Number(achieved.toFixed(2)),
        achievedShareOfLimit: Number((achieved / LIMIT).toFixed(3)),
        peakInAnySecond: peak,
        answered429: refused,
        retriedOn429,
        // Where the vendor saw too many: the calls of the first crowded second, in ms from the start.
        crowded: crowdedSecond(times, LIMIT),
      }),
    );

    expect(peak).toBeLessThanOrEqual(LIMIT);
    expect(achieved).toBeGreaterThanOrEqual(0.8 * LIMIT);
    expect(tasks.filter((task) => task.status !== 'acknowledged')).toEqual([]);
    expect(refused).toBe(0);
  }, 100_000);
});
