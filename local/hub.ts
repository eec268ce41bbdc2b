import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ScheduledEvent } from 'aws-lambda';
import { queueKeyFor } from '../functions/aws/sqs-work-queue.ts';
import { enabledDescriptors } from '../integrations/catalog.ts';
import type { SandboxServer } from '../integrations/sandbox-kit/server.ts';
import { ensureTable, startLocalDynamo } from './dynamodb.ts';
import { loadHandlers } from './handlers.ts';
import { apiGatewayAdapter } from './http-adapter.ts';
import { type LocalSecrets, loadLocalSecrets } from './hub-secrets.ts';
import { lambdaContext } from './lambda-context.ts';
import { QueuePoller } from './queue-poller.ts';
import { type StartedSandboxes, startSandboxes } from './sandboxes.ts';
import { ensureQueues, startLocalSqs } from './sqs.ts';

export interface HubOptions {
  /** Where state lives; undefined keeps everything in memory (tests). */
  dataDir?: string;
  /** @default 8787; 0 picks a free port */
  port?: number;
  /** Variables on top of process.env, e.g. a short HUB_RETRY_SCHEDULE for tests. */
  env?: Record<string, string>;
  /** @default 5000 ms between reconciler runs */
  reconcileEveryMs?: number;
  /** Load the esbuild bundles that the CDK ships instead of the sources. */
  handlers?: 'source' | 'bundled';
  log?: (line: string) => void;
}

export interface RunningHub {
  url: string;
  secrets: LocalSecrets;
  sandboxes: ReadonlyMap<string, SandboxServer>;
  /** The variables the handlers run with. */
  env: Readonly<Record<string, string | undefined>>;
  /** Runs the reconciler now, as its schedule would. */
  reconcile(): Promise<unknown>;
  stop(): Promise<void>;
}

/** A local worker invocation's limit; the lease outlasts it, the queue's visibility outlasts both. */
const WORKER_TIMEOUT_MS = 30_000;
const QUEUE_PREFIX = 'dsr-hub-local-';
const LOCAL_DEFAULTS: Record<string, string> = {
  HUB_LEASE_SECONDS: '40',
  HUB_PICKUP_GRACE_SECONDS: '30',
  HUB_SANDBOX: '1',
};

/**
 * The whole hub in one process: dynalite, fauxqs, sandbox vendors, the API behind
 * an HTTP server, queue pollers feeding the worker and DLQ handlers, and a timer
 * running the reconciler. The handlers are the ones Lambda runs, unchanged.
 */
export async function startHub(options: HubOptions = {}): Promise<RunningHub> {
  const log = options.log ?? (() => undefined);
  const tempDir = options.dataDir ? undefined : await mkdtemp(join(tmpdir(), 'dsr-hub-'));
  const stateDir = options.dataDir ?? (tempDir as string);
  const baseEnv: Record<string, string | undefined> = {
    ...LOCAL_DEFAULTS,
    ...process.env,
    ...options.env,
  };
  const secrets = await loadLocalSecrets(stateDir, baseEnv);

  const dynamo = await startLocalDynamo(options.dataDir ? join(stateDir, 'dynamodb') : undefined);
  const sqs = await startLocalSqs(options.dataDir ? join(stateDir, 'sqs') : undefined);
  const sandboxes: StartedSandboxes =
    baseEnv.HUB_SANDBOX === '0' ? { servers: new Map(), env: {} } : await startSandboxes(baseEnv);

  const server: Server = createServer();
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 8787, '127.0.0.1', () => resolve()),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const env: Record<string, string | undefined> = {
    ...baseEnv,
    ...sandboxes.env,
    // The sandbox partners ask for private targets; an explicit setting still wins.
    ...(baseEnv.HUB_ALLOW_PRIVATE_TARGETS
      ? { HUB_ALLOW_PRIVATE_TARGETS: baseEnv.HUB_ALLOW_PRIVATE_TARGETS }
      : {}),
    ...secrets,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    HUB_TABLE: baseEnv.HUB_TABLE ?? 'dsr-hub-local',
    HUB_PUBLIC_URL: baseEnv.HUB_PUBLIC_URL ?? url,
    POWERTOOLS_SERVICE_NAME: 'dsr-hub',
    POWERTOOLS_DEV: baseEnv.POWERTOOLS_DEV ?? 'false',
    // EMF metrics are stdout lines for CloudWatch; locally they only clutter the output.
    POWERTOOLS_METRICS_DISABLED: baseEnv.POWERTOOLS_METRICS_DISABLED ?? 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
  const previousEnv = { ...process.env };
  Object.assign(process.env, env);

  const region = 'us-east-1';
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials });
  const sqsClient = new SQSClient({ endpoint: sqs.endpoint, region, credentials });
  await ensureTable(dynamoClient, env.HUB_TABLE as string);

  const enabled = enabledDescriptors(env);
  const keys = [...new Set([...enabled.keys()].map((name) => queueKeyFor(name)))];
  // fauxqs finds queues by path; its own URLs use a *.localhost host that may not resolve here.
  env.HUB_QUEUE_URL_PREFIX = `${sqs.endpoint}/000000000000/${QUEUE_PREFIX}`;
  process.env.HUB_QUEUE_URL_PREFIX = env.HUB_QUEUE_URL_PREFIX;
  await ensureQueues(sqsClient, keys, {
    urlPrefix: env.HUB_QUEUE_URL_PREFIX,
    visibilityTimeoutSeconds: Math.ceil((WORKER_TIMEOUT_MS * 1.5) / 1000),
    maxReceiveCount: 30,
  });

  const handlers = await loadHandlers(options.handlers ?? 'source');
  server.on(
    'request',
    apiGatewayAdapter(handlers.api, { timeoutMs: 29_000, maxBodyBytes: 64 * 1024 }),
  );

  const onError = (error: unknown) =>
    log(`poller error: ${error instanceof Error ? error.name : 'unknown'}`);
  const queueUrl = (name: string) => `${env.HUB_QUEUE_URL_PREFIX}${name}`;
  const pollers = keys.flatMap((key) => [
    new QueuePoller({
      client: sqsClient,
      queueUrl: queueUrl(key),
      handler: handlers.worker(key),
      functionName: `dsr-hub-worker-${key}`,
      timeoutMs: WORKER_TIMEOUT_MS,
      concurrency: 2,
      onError,
    }),
    new QueuePoller({
      client: sqsClient,
      queueUrl: queueUrl(`${key}-dlq`),
      handler: handlers.dlq,
      functionName: 'dsr-hub-dlq',
      timeoutMs: WORKER_TIMEOUT_MS,
      concurrency: 1,
      onError,
    }),
  ]);
  for (const poller of pollers) poller.start();

  const reconcile = () =>
    handlers.reconciler(scheduledEvent(), lambdaContext('dsr-hub-reconciler', 60_000));
  let reconciling: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    reconciling = reconcile().catch((error: unknown) =>
      log(`reconciler error: ${error instanceof Error ? error.name : 'unknown'}`),
    );
  }, options.reconcileEveryMs ?? 5000);
  // A restart resumes unfinished work at once, not a period later.
  reconciling = reconcile().catch(() => undefined);

  return {
    url,
    secrets,
    sandboxes: sandboxes.servers,
    env,
    reconcile,
    async stop() {
      clearInterval(timer);
      await reconciling;
      await Promise.all(pollers.map((poller) => poller.stop()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...sandboxes.servers.values()].map((sandbox) => sandbox.close()));
      await sqs.close();
      await dynamo.close();
      dynamoClient.destroy();
      sqsClient.destroy();
      for (const key of Object.keys(process.env))
        if (!(key in previousEnv)) delete process.env[key];
      Object.assign(process.env, previousEnv);
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  };
}

function scheduledEvent(): ScheduledEvent {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:000000000000:rule/dsr-hub-reconciler'],
    detail: {},
  };
}
