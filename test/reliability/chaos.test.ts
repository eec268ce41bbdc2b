import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/aws/clients.ts';
import { seededRandom } from '../../integrations/sandbox-kit/faults.ts';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { type InstalledThrottling, installDynamoThrottling } from '../support/dynamo-throttling.ts';
import { auditDisagreements, type EventView, tally } from '../support/request-audit.ts';
import { hubSqsClient, sendDuplicate, startRivalWorkers } from '../support/sqs-duplicates.ts';
import { deliver, getSettled, mapConcurrently, waitForAll } from '../support/upstream.ts';
import {
  configureSandbox,
  erasureFor,
  type SandboxUrls,
  sandboxLog,
  seedVendorPeople,
  setSandboxFaults,
  vendorHoldings,
  vendorPeople,
} from '../support/vendor-people.ts';

/** 200 erasures: 600 tasks and some 2,700 vendor calls, within CI's time on two cores. */
const PEOPLE = 200;
const INTEGRATIONS = ['auth0', 'stripe', 'github'] as const;
const SEED = 20261129;

/** Per-request fault odds at each vendor; hangs outlast the 1 s call timeout. */
const FAULTS = {
  error500: 0.07,
  rateLimit: 0.04,
  rateLimitNoHint: 0.03,
  hang: 0.02,
  reset: 0.04,
  hangMs: 1500,
};

let hub: RunningHub;
let sqs: SQSClient;
let throttling: InstalledThrottling | undefined;
let rivals: { stop(): Promise<void> } | undefined;
let urls: SandboxUrls;

beforeAll(async () => {
  hub = await startHub({
    port: 0,
    env: {
      HUB_INTEGRATIONS: INTEGRATIONS.join(','),
      HUB_RETRY_SCHEDULE: '1,1,2,2,3',
      HUB_CALL_TIMEOUT_SECONDS: '1',
      HUB_PICKUP_GRACE_SECONDS: '3',
      HUB_LEASE_SECONDS: '8',
      // Faults, not the vendors' published limits, are what this suite is about.
      AUTH0_RATE_LIMIT: '500',
      STRIPE_RATE_LIMIT: '500',
      GITHUB_RATE_LIMIT: '500',
    },
    reconcileEveryMs: 2000,
  });
  urls = {
    auth0: hub.sandboxes.get('auth0')?.baseUrl as string,
    stripe: hub.sandboxes.get('stripe')?.baseUrl as string,
    github: hub.sandboxes.get('github')?.baseUrl as string,
  };
  for (const name of INTEGRATIONS) await configureSandbox(urls[name], { rateLimit: 100_000 });
  sqs = hubSqsClient(hub);
});

afterAll(async () => {
  throttling?.remove();
  await rivals?.stop();
  sqs?.destroy();
  await hub?.stop();
});

async function trail(id: string): Promise<EventView[]> {
  const path = `/v1/requests/${encodeURIComponent(id)}/events`;
  return ((await getSettled(hub, path)) as { items: EventView[] }).items;
}

/** Paths a vendor answered 2xx to a DELETE more than once: effects a retry repeated. */
async function repeatedDeletes(): Promise<number> {
  let repeated = 0;
  for (const name of INTEGRATIONS) {
    const deletes = (await sandboxLog(urls[name])).filter(
      (entry) => entry.method === 'DELETE' && entry.status >= 200 && entry.status < 300,
    );
    repeated += Object.values(tally(deletes.map((entry) => entry.path))).filter(
      (n) => n > 1,
    ).length;
  }
  return repeated;
}

describe('the hub under vendor faults, duplicate deliveries and DynamoDB throttling', () => {
  it('settles every request, loses and doubles no acknowledgement, and keeps its audit true', async () => {
    const people = vendorPeople('chaos', PEOPLE);
    await seedVendorPeople(urls, people);
    // GitHub's unhinted rate limit is a 403 that asks for a minute's wait: too slow for CI.
    for (const [index, name] of INTEGRATIONS.entries()) {
      const rateLimitNoHint = name === 'github' ? 0 : FAULTS.rateLimitNoHint;
      await setSandboxFaults(urls[name], { ...FAULTS, rateLimitNoHint, seed: SEED + index });
    }
    // A vendor that refuses a few deletes outright: those tasks must fail at once, visibly.
    await fetch(`${urls.auth0}/__sandbox/script`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'DELETE',
        pathIncludes: '/api/v2/users/',
        status: 400,
        body: {
          statusCode: 400,
          error: 'Bad Request',
          message: 'refused',
          errorCode: 'invalid_uri',
        },
        times: 3,
      }),
    });
    throttling = installDynamoThrottling(documentClient(), {
      seed: SEED,
      throttled: 0.05,
      exhausted: 0.005,
    });
    rivals = startRivalWorkers(hub, sqs, INTEGRATIONS);

    // Upstream posts every erasure (again after a 5xx); each task's message is then sent a
    // second time, at once or up to 3 s later, as SQS may deliver it twice.
    const random = seededRandom(SEED);
    const bodies = people.map((person, index) => erasureFor(person, `chaos-${SEED}-${index}`));
    let duplicatesSent = 0;
    const started = Date.now();
    const deliveries = await mapConcurrently(bodies, 10, async (body) => {
      const delivery = await deliver(() => hub, body);
      if (delivery.status === 202 || delivery.status === 200) {
        for (const integration of INTEGRATIONS) {
          const delaySeconds = Math.floor(random() * 4);
          await sendDuplicate(sqs, hub, { requestId: body.id, integration }, delaySeconds);
          duplicatesSent++;
        }
      }
      return delivery;
    });
    expect(deliveries.filter((d) => d.status !== 202 && d.status !== 200)).toEqual([]);

    const settled = await waitForAll(
      () => hub,
      bodies.map((b) => b.id),
      80_000,
    );
    const settledAfterMs = Date.now() - started;
    throttling.remove();
    await rivals.stop();
    for (const name of INTEGRATIONS) await setSandboxFaults(urls[name], {});

    // Every request settled: completed, or needs attention because a task failed.
    const requests = [...settled.values()];
    const tasks = requests.flatMap((r) => r.tasks.map((t) => ({ request: r.id, ...t })));
    for (const request of requests) {
      const failing = request.tasks.some((t) => t.status === 'failed');
      expect(request.status).toBe(failing ? 'needs_attention' : 'completed');
    }

    // The audit trail of every request agrees with its tasks; no acknowledgement is doubled.
    const trails = new Map<string, EventView[]>();
    await mapConcurrently(requests, 8, async (r) => trails.set(r.id, await trail(r.id)));
    const disagreements = requests.flatMap((r) => auditDisagreements(r, trails.get(r.id) ?? []));

    // No acknowledgement lost: every person was at every vendor, so a task is acknowledged
    // exactly when the vendor no longer holds the person, and never "nothing found".
    const holdings = await vendorHoldings(urls, people);
    const personOf = new Map(bodies.map((body, index) => [body.id, people[index]]));
    const lost: string[] = [];
    for (const task of tasks) {
      const email = personOf.get(task.request)?.email ?? '';
      const held = holdings[task.integration as keyof typeof holdings].has(email);
      const where = `${task.request}/${task.integration}`;
      if (task.status === 'acknowledged' && held) lost.push(`${where}: acknowledged, still held`);
      if (task.status === 'not_applicable') lost.push(`${where}: not_applicable, deleted earlier`);
    }

    const failed = tasks.filter((t) => t.status === 'failed');
    const vendorFaults: Record<string, Record<string, number>> = {};
    for (const name of INTEGRATIONS) {
      const log = await sandboxLog(urls[name]);
      vendorFaults[name] = {
        calls: log.length,
        ...tally(log.flatMap((entry) => (entry.fault ? [entry.fault] : []))),
      };
    }
    const events = [...trails.values()].flat();
    console.log(
      JSON.stringify(
        {
          requests: requests.length,
          settledAfterMs,
          requestStatus: tally(requests.map((r) => r.status)),
          taskStatus: tally(tasks.map((t) => t.status)),
          failedByIntegration: tally(failed.map((t) => t.integration)),
          vendorFaults,
          dynamoThrottling: throttling.counts,
          duplicatesSent,
          upstreamRedeliveries: deliveries.filter((d) => d.tries > 1).length,
          retriesScheduled: events.filter((e) => e.type === 'retry_scheduled').length,
          // Failed after the vendor confirmed a delete: its effect is kept, and a redrive
          // acknowledges it.
          failedAfterDeleting: failed.filter(
            (t) =>
              !holdings[t.integration as keyof typeof holdings].has(
                personOf.get(t.request)?.email ?? '',
              ),
          ).length,
          vendorDeletesRepeated: await repeatedDeletes(),
          disagreements,
          lostAcknowledgements: lost,
        },
        null,
        1,
      ),
    );
    expect(disagreements).toEqual([]);
    expect(lost).toEqual([]);

    // Every failed task says why, and a redrive of its integration completes it.
    expect(failed.length).toBeGreaterThan(0);
    for (const task of failed) expect(task.lastError).toBeTruthy();
    for (const name of new Set(failed.map((t) => t.integration))) {
      const answer = await fetch(`${hub.url}/v1/integrations/${name}/redrive`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hub.secrets.HUB_OPS_TOKEN}` },
      });
      expect(answer.status).toBe(202);
      const body = (await answer.json()) as { redriven: number };
      expect(body.redriven).toBe(failed.filter((t) => t.integration === name).length);
    }
    const redriven = [...new Set(failed.map((t) => t.request))];
    const after = await waitForAll(() => hub, redriven, 30_000);
    for (const [id, request] of after) {
      expect(request.status).toBe('completed');
      expect(auditDisagreements(request, await trail(id))).toEqual([]);
    }
    const finalHoldings = await vendorHoldings(urls, people);
    expect(finalHoldings.auth0.size + finalHoldings.stripe.size + finalHoldings.github.size).toBe(
      0,
    );
  }, 150_000);
});
