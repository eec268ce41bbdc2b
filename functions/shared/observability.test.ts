import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { HUB_METRICS } from '../../infra/constructs/hub-alarms.ts';

const OBSERVABILITY = fileURLToPath(new URL('./observability.ts', import.meta.url));
const TIMING = fileURLToPath(new URL('../worker/vendor-call-timing.ts', import.meta.url));

/**
 * What a worker, the DLQ handler and the reconciler record in one process, flushed as they flush:
 * an attempt at auth0 that failed, a partner acknowledged, one timed call to a real HTTP server
 * that answers after 50 ms, and the deadline gauges.
 */
const SCENARIO = `
import { createServer } from 'node:http';
const o = await import(${JSON.stringify(OBSERVABILITY)});
const { timeVendorCalls } = await import(${JSON.stringify(TIMING)});
const server = createServer((_req, res) => setTimeout(() => res.end('{}'), 50));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = 'http://127.0.0.1:' + server.address().port + '/v1/customers?email=ada%40example.com';
await (await timeVendorCalls('stripe', fetch)(url)).text();
server.close();
o.recordTaskAttempt('auth0');
o.recordTaskOutcome('auth0', 'failed', 120);
o.recordTaskOutcome('partner:acme', 'acknowledged', 30);
o.publishHubMetrics();
o.publishHubMetrics();
o.publishDeadlineGauges(2, 5);
`;

interface EmfLine {
  _aws: {
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: string }>;
    }>;
  };
  [key: string]: unknown;
}

/** Runs the scenario in a fresh Node.js process (Powertools reads its environment once), as on Lambda. */
function runScenario(env: Record<string, string> = {}) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', SCENARIO],
    { encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, timeout: 20_000 },
  );
  const lines = result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EmfLine);
  return { ...result, lines };
}

/** The EMF lines that publish `metric` under exactly `dimensions` in `namespace`. */
function publishing(lines: EmfLine[], namespace: string, metric: string, dimensions: string[]) {
  return lines.filter((line) =>
    line._aws.CloudWatchMetrics.some(
      (directive) =>
        directive.Namespace === namespace &&
        directive.Metrics.some((m) => m.Name === metric) &&
        directive.Dimensions.some(
          (set) => JSON.stringify([...set].sort()) === JSON.stringify([...dimensions].sort()),
        ),
    ),
  );
}

describe('hub metrics (EMF)', () => {
  let lines: EmfLine[];

  beforeAll(() => {
    const run = runScenario();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    lines = run.lines;
  });

  it('publishes what every alarm watches, under the alarm’s namespace and exact dimensions', () => {
    const alarmDimensions = Object.keys(HUB_METRICS.dimensions);
    const expected: Array<[string, number]> = [
      [HUB_METRICS.tasksFailed, 1],
      [HUB_METRICS.requestsOverdue, 2],
      [HUB_METRICS.requestsDueSoon, 5],
    ];
    for (const [metric, value] of expected) {
      const found = publishing(lines, HUB_METRICS.namespace, metric, alarmDimensions);
      expect(found, metric).toHaveLength(1);
      expect(found[0]?.[metric]).toBe(value);
      for (const [name, dimensionValue] of Object.entries(HUB_METRICS.dimensions)) {
        expect(found[0]?.[name]).toBe(dimensionValue);
      }
    }
  });

  it('counts attempts, outcomes and latency per integration, one line per integration', () => {
    const perIntegration = ['service', 'integration'];
    const auth0 = publishing(lines, 'DsrHub', 'TaskAttempts', perIntegration);
    expect(auth0).toHaveLength(1);
    expect(auth0[0]).toMatchObject({
      integration: 'auth0',
      TaskAttempts: 1,
      TasksFailed: 1,
      AttemptDuration: 120,
    });
    expect(publishing(lines, 'DsrHub', 'TasksAcknowledged', perIntegration)[0]).toMatchObject({
      integration: 'partner:acme',
      TasksAcknowledged: 1,
    });
    const stripe = publishing(lines, 'DsrHub', 'VendorCallLatency', perIntegration)[0];
    expect(stripe?.integration).toBe('stripe');
    expect(stripe?.VendorCallLatency).toBeGreaterThanOrEqual(45);
    expect(stripe?.VendorCallLatency).toBeLessThan(5_000);
  });

  it('flushes each buffer once and carries no personal data', () => {
    expect(lines).toHaveLength(5);
    const text = JSON.stringify(lines);
    expect(text).not.toContain('ada');
    expect(text).not.toContain('example.com');
  });

  it('writes nothing at all with POWERTOOLS_METRICS_DISABLED=true, as the local runner runs', () => {
    const disabled = runScenario({ POWERTOOLS_METRICS_DISABLED: 'true' });
    expect(disabled.status).toBe(0);
    expect(disabled.stdout).toBe('');
    expect(disabled.stderr).toBe('');
  });
});
