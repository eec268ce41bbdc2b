import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enabledDescriptors, vendorDescriptors } from '../../integrations/catalog.ts';
import type { AwsCounts } from '../support/aws-meter.ts';
import { type FunctionTime, startInstrumentedHub } from '../support/instrumented-hub.ts';
import { type MemoryPoint, samplePeaks, settledMemory } from '../support/memory.ts';
import { runConcurrently, timed } from '../support/pool.ts';
import {
  type BenchPerson,
  benchPeople,
  configureSandbox,
  erasureOf,
  resetSandbox,
  type Sandboxes,
  sandboxLog,
  seedPeople,
} from '../support/sandbox-admin.ts';
import type { SettlementWatch } from '../support/settlement-watch.ts';
import { type IntakeEndpoint, submitSigned } from '../support/signed-submit.ts';
import { type LatencySummary, summarize } from '../support/stats.ts';
import { countVendorCalls, theoreticalMinimumSeconds } from '../support/vendor-calls.ts';

/** One fan-out run: how many erasures, to which vendors, at which limits. */
export interface FanOutScenario {
  label: string;
  requests: number;
  /** Integrations enabled; all with a sandbox when absent. */
  integrations?: string[];
  /** Per-second limits other than the hub's defaults, by integration (hub and sandbox alike). */
  limits: Record<string, number>;
  /** Latency every sandbox adds to each answer. */
  latencyMs: number;
  /** Upstream submissions in flight at once. */
  submitConcurrency: number;
  /** Follow index keys so index writes can be priced (memory grows per request). */
  priceIndexes: boolean;
}

/** What one vendor did in the run, against its limit. */
export interface VendorFigures {
  integration: string;
  perSecond: number;
  served: number;
  refused: number;
  peakPerSecond: number;
  /** served ÷ perSecond: this vendor's own floor. */
  minimumSeconds: number;
  /** From the first submission to this vendor's last settled task. */
  lastTaskSeconds: number;
}

export interface FanOutResult {
  scenario: FanOutScenario;
  statuses: Record<string, number>;
  /** The integrations each request fanned out to, and those among them that wait for an ack. */
  integrations: string[];
  manualIntegrations: string[];
  /** Vendor attempts over all tasks of all requests, and the tasks. */
  attempts: { attempts: number; tasks: number };
  submitSeconds: number;
  submitLatency: LatencySummary;
  elapsedSeconds: number;
  theoreticalMinimumSeconds: number;
  bindingVendor: string;
  /** elapsed ÷ theoretical minimum: 1.0 is the physical limit. */
  ratio: number;
  tooManyRequests: number;
  vendors: VendorFigures[];
  cpuSeconds: number;
  memory: {
    baseline: MemoryPoint;
    peak: MemoryPoint;
    after: MemoryPoint;
    /** (heap after − baseline) ÷ requests, after the vendors' own state was dropped. */
    retainedHeapPerRequestBytes: number;
  };
  aws: AwsCounts;
  functionTimes: Record<string, FunctionTime>;
  /** Stdout and stderr bytes the hub wrote during the run: what CloudWatch Logs would ingest. */
  logBytes: number;
}

const WARM_UP_REQUESTS = 3;

/**
 * Runs `scenario.requests` erasures through a fresh local hub whose sandbox vendors enforce the
 * given limits with realistic latency, and measures the time until every request settled
 * against the slowest vendor's floor, plus CPU, memory and AWS operations.
 */
export async function runFanOut(
  scenario: FanOutScenario,
  logBytes: () => number,
): Promise<FanOutResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dsr-hub-bench-'));
  const env: Record<string, string> = {
    HUB_SANDBOX_LATENCY_MS: String(scenario.latencyMs),
    // The AWS defaults, so that the reconciler's grace and leases behave as deployed.
    HUB_PICKUP_GRACE_SECONDS: '60',
    HUB_LEASE_SECONDS: '90',
    // Lambda ships EMF metrics through stdout: they are work, and bytes CloudWatch ingests.
    POWERTOOLS_METRICS_DISABLED: 'false',
  };
  if (scenario.integrations) env.HUB_INTEGRATIONS = scenario.integrations.join(',');
  // On disk, as `npm start` keeps it: the stored requests are not on the JS heap being measured.
  const started = await startInstrumentedHub({
    port: 0,
    dataDir,
    env: { ...env, ...limitVariables(scenario) },
    reconcileEveryMs: 60_000,
  });
  const { hub, meter, watch } = started;
  try {
    const enabled = enabledDescriptors(hub.env);
    const perSecond = new Map(
      [...enabled.values()].map((d) => [
        d.name,
        scenario.limits[d.name] ?? Number(hub.env[d.rateLimit.envVar] ?? d.rateLimit.perSecond),
      ]),
    );
    const names = [...enabled.keys()];
    for (const name of names) {
      await configureSandbox(hub.sandboxes, name, { rateLimit: perSecond.get(name) });
    }
    const endpoint = { url: hub.url, ingestSecret: hub.secrets.HUB_INGEST_SECRET };

    // Warm up: module code, SDK clients, tokens, connections. Then forget it.
    const warm = benchPeople('w', WARM_UP_REQUESTS);
    await seedPeople(hub.sandboxes, warm);
    watch.expect(warm.map((_, i) => `warm-${i}`));
    await runConcurrently(warm.length, warm.length, (i) =>
      submitSigned(endpoint, erasureOf(warm[i] as (typeof warm)[number], `warm-${i}`)),
    );
    await watch.settled(120_000);
    watch.clear();
    await resetSandboxes(hub.sandboxes, names);
    // Before the people are seeded: the after-run reading is taken once the sandboxes dropped them.
    const baseline = await settledMemory();
    await seedPeople(hub.sandboxes, benchPeople('b', scenario.requests));

    meter.take();
    started.takeFunctionTimes();
    meter.trackIndexes = scenario.priceIndexes;
    meter.counting = true;
    const logsBefore = logBytes();
    const peaks = samplePeaks();
    const cpuBefore = process.cpuUsage();
    const t0 = performance.now();
    const submitted = await submitAll(scenario, endpoint, watch);
    await watch.settled(timeoutFor(scenario, perSecond));
    const cpu = process.cpuUsage(cpuBefore);
    const peak = peaks.stop();
    meter.counting = false;
    const last = watch.lastSettled();
    const elapsedSeconds = (last.request - t0) / 1000;
    const statuses = watch.statuses();
    const attempts = watch.attempts();

    const vendors: VendorFigures[] = [];
    for (const name of names) {
      const calls = countVendorCalls(await sandboxLog(hub.sandboxes, name));
      const limit = perSecond.get(name) as number;
      vendors.push({
        integration: name,
        perSecond: limit,
        ...calls,
        minimumSeconds: calls.served / limit,
        lastTaskSeconds: ((last.byIntegration[name] ?? t0) - t0) / 1000,
      });
    }
    const minimum = theoreticalMinimumSeconds(
      vendors.map((v) => ({ served: v.served, perSecond: v.perSecond })),
    );
    const binding = vendors.reduce((a, b) => (b.minimumSeconds > a.minimumSeconds ? b : a));
    const aws = meter.take();
    const functionTimes = started.takeFunctionTimes();
    const logs = logBytes() - logsBefore;

    // What is left once the vendors forgot the people: the hub's own per-request residue.
    watch.clear();
    meter.forgetItems();
    await resetSandboxes(hub.sandboxes, names);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await settledMemory();

    return {
      scenario,
      statuses,
      integrations: names,
      manualIntegrations: names.filter((name) => enabled.get(name)?.mode === 'manual'),
      attempts,
      ...submitted,
      elapsedSeconds,
      theoreticalMinimumSeconds: minimum,
      bindingVendor: binding.integration,
      ratio: elapsedSeconds / minimum,
      tooManyRequests: vendors.reduce((sum, v) => sum + v.refused, 0),
      vendors,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      memory: {
        baseline,
        peak,
        after,
        retainedHeapPerRequestBytes: (after.heapUsed - baseline.heapUsed) / scenario.requests,
      },
      aws,
      functionTimes,
      logBytes: logs,
    };
  } finally {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Posts every erasure as an upstream would, `submitConcurrency` at a time, and has the watch
 * expect them. The people and ids live only here, so none of them is on the heap afterwards.
 */
async function submitAll(
  scenario: FanOutScenario,
  endpoint: IntakeEndpoint,
  watch: SettlementWatch,
): Promise<{ submitSeconds: number; submitLatency: LatencySummary }> {
  const people = benchPeople('b', scenario.requests);
  const ids = people.map((_, i) => `bench-${scenario.label}-${i}`);
  watch.expect(ids);
  const started = performance.now();
  const submissions = await runConcurrently(ids.length, scenario.submitConcurrency, (i) =>
    timed(() => submitSigned(endpoint, erasureOf(people[i] as BenchPerson, ids[i] as string))),
  );
  const refused = submissions.filter((submission) => submission.value !== 202).length;
  if (refused > 0) throw new Error(`${refused} submissions were refused`);
  return {
    submitSeconds: (performance.now() - started) / 1000,
    submitLatency: summarize(submissions.map((submission) => submission.ms)),
  };
}

function limitVariables(scenario: FanOutScenario): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [name, perSecond] of Object.entries(scenario.limits)) {
    const descriptor = vendorDescriptors.find((candidate) => candidate.name === name);
    if (!descriptor) throw new Error(`no vendor named ${name} to set a limit for`);
    variables[descriptor.rateLimit.envVar] = String(perSecond);
  }
  return variables;
}

/** Generous: four times a floor guessed from four calls a task, plus a minute. */
function timeoutFor(scenario: FanOutScenario, perSecond: Map<string, number>): number {
  const slowest = Math.min(...perSecond.values());
  return (4 * ((scenario.requests * 4) / slowest) + 60) * 1000;
}

async function resetSandboxes(sandboxes: Sandboxes, names: readonly string[]) {
  for (const name of names) await resetSandbox(sandboxes, name);
}
