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

/** Runs a script in a fresh Node.js process: Powertools reads its environment once, at import. */
function runNode(script: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
    timeout: 20_000,
  });
}

function runScenario(env: Record<string, string> = {}) {
  const result = runNode(SCENARIO, env);
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

/**
 * A worker-shaped handler traced as on Lambda (the runtime's variables and a sampled trace id),
 * its X-Ray daemon a UDP socket in the same process. The vendor action calls a real HTTP server
 * with an email in the query string and returns personal data; a second action and the handler
 * throw errors that name the person.
 */
const TRACED = `
import dgram from 'node:dgram';
import { createServer } from 'node:http';
const daemon = dgram.createSocket('udp4');
const received = [];
daemon.on('message', (message) => received.push(message.toString()));
await new Promise((resolve) => daemon.bind(0, '127.0.0.1', resolve));
process.env.AWS_XRAY_DAEMON_ADDRESS = '127.0.0.1:' + daemon.address().port;
const server = createServer((_req, res) => res.end('{"email":"ada@example.com"}'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const vendorUrl = 'http://127.0.0.1:' + server.address().port + '/users?email=ada%40example.com';

const o = await import(${JSON.stringify(OBSERVABILITY)});
const { default: middy } = await import('@middy/core');
const { captureLambdaHandler } = await import('@aws-lambda-powertools/tracer/middleware');
const handler = middy()
  .use(captureLambdaHandler(o.tracer, { captureResponse: false }))
  .use(o.logHubMetrics())
  .handler(async () => {
    await o.traceVendorAction('auth0', async () => {
      const user = await (await fetch(vendorUrl)).json();
      return { kind: 'acknowledged', user };
    }, (result) => result.kind);
    await o.traceVendorAction('stripe', async () => {
      throw new Error('no customer ada@example.com');
    }, () => 'unused').catch(() => undefined);
    throw new Error('batch failed for ada@example.com');
  });
const context = { functionName: 'dsr-hub-dev-worker-auth0', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 60000 };
await handler({ Records: [] }, context).catch(() => undefined);
await new Promise((resolve) => setTimeout(resolve, 200));
daemon.close();
server.close();
console.log(JSON.stringify({ enabled: o.tracer.isTracingEnabled(), received }));
`;

interface TraceDocument {
  name: string;
  annotations?: Record<string, unknown>;
  metadata?: unknown;
  error?: boolean;
  cause?: unknown;
  http?: unknown;
}

describe('hub traces (X-Ray)', () => {
  let enabled: boolean;
  let raw: string;
  let documents: TraceDocument[];

  beforeAll(() => {
    const run = runNode(TRACED, {
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: '/var/task',
      AWS_LAMBDA_FUNCTION_NAME: 'dsr-hub-dev-worker-auth0',
      _HANDLER: 'index.handler',
      _X_AMZN_TRACE_ID:
        'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      POWERTOOLS_METRICS_DISABLED: 'true',
      // As the stateless stack sets it for every function.
      POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
    });
    expect(run.stderr).toBe('');
    const output = JSON.parse(run.stdout) as { enabled: boolean; received: string[] };
    enabled = output.enabled;
    raw = output.received.join('\n');
    documents = output.received.flatMap((packet) =>
      packet
        .split('\n')
        .map((line) => JSON.parse(line) as TraceDocument & { format?: string })
        .filter((document) => document.format === undefined),
    );
  });

  it('traces on Lambda: the handler and one subsegment per vendor action', () => {
    expect(enabled).toBe(true);
    expect(documents.map((document) => document.name).sort()).toEqual([
      '## index.handler',
      '### auth0',
      '### stripe',
    ]);
  });

  it('annotates a vendor action with its integration and outcome, and nothing else', () => {
    const auth0 = documents.find((document) => document.name === '### auth0');
    expect(auth0?.annotations).toEqual({ integration: 'auth0', outcome: 'acknowledged' });
    expect(auth0?.metadata).toBeUndefined();
  });

  it('flags errors without their messages', () => {
    for (const name of ['### stripe', '## index.handler']) {
      const document = documents.find((candidate) => candidate.name === name);
      expect(document?.error, name).toBe(true);
      expect(document?.cause, name).toBeUndefined();
    }
  });

  it('records no HTTP call, URL or personal data', () => {
    expect(documents.some((document) => document.http !== undefined)).toBe(false);
    expect(raw).not.toContain('ada');
    expect(raw).not.toContain('example.com');
    expect(raw).not.toContain('/users');
  });

  it('stays off outside Lambda', () => {
    const run = runNode(
      `const o = await import(${JSON.stringify(OBSERVABILITY)}); console.log(o.tracer.isTracingEnabled());`,
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('false');
  });
});
