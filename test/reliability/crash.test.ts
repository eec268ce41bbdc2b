import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrashableHub, startCrashableHub } from '../support/crashable-hub.ts';
import { getJson } from '../support/hub-client.ts';
import { auditDisagreements, type EventView, tally } from '../support/request-audit.ts';
import { type Delivery, deliver, mapConcurrently, waitForAll } from '../support/upstream.ts';
import {
  configureSandbox,
  erasureFor,
  seedVendorPeople,
  vendorHoldings,
  vendorPeople,
} from '../support/vendor-people.ts';
import { startVendorSandboxes, type VendorSandboxes } from '../support/vendor-sandboxes.ts';

const PEOPLE = 200;
/** The hub is killed once the vendors have seen this many of the 600 deletes. */
const KILL_AFTER_DELETES = 150;
const SUBMIT_EVERY_MS = 50;

let vendors: VendorSandboxes;
let dataDir: string;
let hub: CrashableHub | undefined;

const hubEnv = () => ({
  ...vendors.env,
  HUB_INTEGRATIONS: 'auth0,stripe,github',
  // The test's vendors stand in for real ones: the hub starts no sandboxes of its own.
  HUB_SANDBOX: '0',
  HUB_PICKUP_GRACE_SECONDS: '3',
  HUB_LEASE_SECONDS: '5',
  HUB_RETRY_SCHEDULE: '1,1,2,2,3',
  AUTH0_RATE_LIMIT: '200',
  STRIPE_RATE_LIMIT: '200',
  GITHUB_RATE_LIMIT: '200',
  POWERTOOLS_LOG_LEVEL: 'WARN',
});

beforeAll(async () => {
  vendors = await startVendorSandboxes(20);
  for (const url of Object.values(vendors.urls))
    await configureSandbox(url, { rateLimit: 100_000 });
  dataDir = await mkdtemp(join(tmpdir(), 'dsr-hub-crash-'));
});

afterAll(async () => {
  await hub?.stop();
  await vendors?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function deletesSeen(): number {
  return Object.values(vendors.servers)
    .flatMap((server) => server.log)
    .filter((entry) => entry.method === 'DELETE').length;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** When each vendor first saw a DELETE of each path. */
function firstDeletes(): number[] {
  const first = new Map<string, number>();
  for (const [name, server] of Object.entries(vendors.servers)) {
    for (const entry of server.log) {
      const key = `${name} ${entry.path}`;
      if (entry.method === 'DELETE' && !first.has(key)) first.set(key, entry.at);
    }
  }
  return [...first.values()];
}

describe('the local hub killed with SIGKILL mid-run', () => {
  it('finishes every accepted request after a restart on the same data', async () => {
    const people = vendorPeople('crash', PEOPLE);
    await seedVendorPeople(vendors.urls, people);
    const bodies = people.map((person, index) => erasureFor(person, `crash-${index}`));
    hub = await startCrashableHub(dataDir, hubEnv());
    const current = () => hub as CrashableHub;

    // Upstream delivers at a steady pace, so that some deliveries meet the dead hub: it
    // retries those with the same webhook-id until the restarted hub answers.
    const started = Date.now();
    const delivering: Promise<Delivery[]> = mapConcurrently(bodies, 8, async (body, index) => {
      await sleep(started + index * SUBMIT_EVERY_MS - Date.now());
      return deliver(current, body, { tries: 120, pauseMs: 250 });
    });
    await until(() => deletesSeen() >= KILL_AFTER_DELETES, 60_000);
    await current().kill();
    const killedAt = Date.now();
    hub = await startCrashableHub(dataDir, hubEnv());
    const restartedAfterMs = Date.now() - killedAt;

    const deliveries = await delivering;
    expect(deliveries.filter((d) => d.status !== 202 && d.status !== 200)).toEqual([]);
    const settled = await waitForAll(
      current,
      bodies.map((b) => b.id),
      60_000,
    ).catch((error: unknown) => {
      console.log(current().lines.slice(-40).join('\n'));
      throw error;
    });

    const requests = [...settled.values()];
    const tasks = requests.flatMap((r) => r.tasks);
    const trails = new Map<string, EventView[]>();
    await mapConcurrently(requests, 8, async (r) => {
      const answer = await getJson(current(), `/v1/requests/${r.id}/events`);
      trails.set(r.id, answer.body.items);
    });
    const disagreements = requests.flatMap((r) => auditDisagreements(r, trails.get(r.id) ?? []));
    const holdings = await vendorHoldings(vendors.urls, people);
    const acknowledgedBeforeCrash = tasks.filter(
      (t) => t.acknowledgedAt !== undefined && Date.parse(t.acknowledgedAt) < killedAt,
    ).length;
    const completedAfterCrash = requests.filter(
      (r) => r.completedAt !== null && Date.parse(r.completedAt) > killedAt,
    ).length;
    console.log(
      JSON.stringify(
        {
          requests: requests.length,
          vendorDeletesBeforeCrash: firstDeletes().filter((at) => at < killedAt).length,
          acknowledgedBeforeCrash,
          restartedAfterMs,
          completedBeforeCrash: requests.length - completedAfterCrash,
          completedAfterCrash,
          redelivered: deliveries.filter((d) => d.tries > 1).length,
          requestStatus: tally(requests.map((r) => r.status)),
          taskStatus: tally(tasks.map((t) => t.status)),
          // A task whose vendor acted just before the kill, and which found nothing left on its
          // next attempt, ends not_applicable: the acknowledgement died with the process.
          acknowledgementsLostToTheCrash: tasks.filter((t) => t.status === 'not_applicable').length,
          stillHeld: holdings.auth0.size + holdings.stripe.size + holdings.github.size,
          disagreements,
        },
        null,
        1,
      ),
    );

    expect(requests.map((r) => r.status).filter((s) => s !== 'completed')).toEqual([]);
    expect(completedAfterCrash).toBeGreaterThan(0);
    expect(holdings.auth0.size + holdings.stripe.size + holdings.github.size).toBe(0);
    expect(disagreements).toEqual([]);
  }, 150_000);
});
