import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { HUB_METRICS, HubAlarms } from './constructs/hub-alarms.ts';
import { HubApi } from './constructs/hub-api.ts';
import { HubFunction } from './constructs/hub-function.ts';
import {
  DLQ_HANDLER_TIMEOUT,
  type IntegrationQueueSpec,
  integrationQueueSpec,
  mapQueueKeys,
  type QueueKey,
  WORKER_TIMEOUT,
  workerMaxConcurrency,
} from './integration-catalogue.ts';
import { resourcePrefix, type StageConfig } from './stage-config.ts';
import { type StatefulStack, TABLE_INDEXES } from './stateful-stack.ts';

/** Props of {@link StatelessStack}. */
export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  /** The table, queues, key, secrets and alarm topic the functions use. */
  readonly stateful: StatefulStack;
  /** Vendor API base URLs that replace the real ones (a staging sandbox), by integration. */
  readonly vendorBaseUrls?: Partial<Record<QueueKey, string>>;
}

const WORKER_MEMORY_MB = 512;
const SUPPORT_FUNCTION_MEMORY_MB = 512;
/** API Gateway HTTP APIs cut an integration off after 30 s. */
const API_TIMEOUT = Duration.seconds(29);
/** Shorter than the schedule's period, so one run normally ends before the next begins. */
const RECONCILER_TIMEOUT = Duration.seconds(50);
/** Every function reaches the table's items through these indexes. */
const tableIndexes = Object.values(TABLE_INDEXES);

/**
 * The code and its wiring, safe to destroy and redeploy at any time: the api function behind an
 * HTTP API, one worker per integration on its queue, the DLQ handler, the reconciler on a
 * one-minute schedule, and the alarms.
 */
export class StatelessStack extends Stack {
  public readonly api: HubFunction;
  public readonly httpApi: HubApi;
  public readonly workers: Readonly<Record<QueueKey, HubFunction>>;
  public readonly dlqHandler: HubFunction;
  public readonly reconciler: HubFunction;
  public readonly alarms: HubAlarms;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, stateful } = props;
    const prefix = resourcePrefix(config.stage);
    const queues = Object.values(stateful.queues);

    const baseEnvironment = {
      HUB_STAGE: config.stage,
      HUB_TABLE: stateful.table.tableName,
      HUB_QUEUE_URL_PREFIX: `https://sqs.${Aws.REGION}.${Aws.URL_SUFFIX}/${Aws.ACCOUNT_ID}/${prefix}-`,
      HUB_SECRETS_ARN: stateful.hubSecret.secretArn,
      // On AWS an integration without credentials is disabled, never pointed at a sandbox.
      HUB_SANDBOX: '0',
      POWERTOOLS_SERVICE_NAME: 'dsr-hub',
      POWERTOOLS_METRICS_NAMESPACE: HUB_METRICS.namespace,
      // Error messages of vendor SDKs can quote a person's email: traces get the error flag only.
      POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
      NODE_OPTIONS: '--enable-source-maps',
    };

    // The api function learns its public URL from each request: giving it the API's URL here
    // would make the function depend on the API that depends on it.
    this.api = new HubFunction(this, 'Api', {
      entry: 'functions/api/handler.ts',
      functionName: `${prefix}-api`,
      description: 'DSR Hub HTTP API: intake, status, ops, compliance reports, acks, dashboard',
      config,
      timeout: API_TIMEOUT,
      memorySize: config.apiMemoryMb,
      environment: {
        ...baseEnvironment,
        HUB_CREDENTIALS_IN_WORKERS: '1',
        // Partner names decide which `partner:<name>` tasks a request gets.
        HUB_VENDOR_SECRETS: this.toJsonString({
          partners: stateful.vendorSecrets.partners.secretArn,
        }),
      },
    });
    this.api.grantTableReadWrite(stateful.table, tableIndexes);
    this.api.grantSecretRead(stateful.hubSecret);
    this.api.grantSecretRead(stateful.vendorSecrets.partners);
    // Sending includes sqs:GetQueueAttributes: the queue depth of GET /v1/integrations.
    for (const { queue } of queues) queue.grantSendMessages(this.api.function);

    this.httpApi = new HubApi(this, 'HttpApi', { config, handler: this.api.function });
    const withPublicUrl = { ...baseEnvironment, HUB_PUBLIC_URL: this.httpApi.url };

    this.workers = mapQueueKeys((key) =>
      this.addWorker(integrationQueueSpec(key), withPublicUrl, props),
    );

    this.dlqHandler = new HubFunction(this, 'DlqHandler', {
      entry: 'functions/dlq/handler.ts',
      functionName: `${prefix}-dlq`,
      description: 'DSR Hub: marks the task of every dead-lettered message failed',
      config,
      timeout: DLQ_HANDLER_TIMEOUT,
      memorySize: SUPPORT_FUNCTION_MEMORY_MB,
      environment: { ...withPublicUrl, HUB_VENDOR_SECRETS: '{}' },
    });
    this.dlqHandler.grantTableReadWrite(stateful.table, tableIndexes);
    for (const { deadLetterQueue } of queues) {
      this.dlqHandler.function.addEventSource(
        new SqsEventSource(deadLetterQueue, { batchSize: 10, reportBatchItemFailures: true }),
      );
    }

    this.reconciler = new HubFunction(this, 'Reconciler', {
      entry: 'functions/reconciler/handler.ts',
      functionName: `${prefix}-reconciler`,
      description:
        'DSR Hub: re-enqueues lost tasks, wakes due retries, marks overdue requests, purges, calls back',
      config,
      timeout: RECONCILER_TIMEOUT,
      memorySize: SUPPORT_FUNCTION_MEMORY_MB,
      environment: { ...withPublicUrl, HUB_VENDOR_SECRETS: '{}' },
      // A failed run is made up by the next one a minute later; a retry would only overlap it.
      asyncRetryAttempts: 0,
    });
    this.reconciler.grantTableReadWrite(stateful.table, tableIndexes);
    this.reconciler.grantSecretRead(stateful.hubSecret);
    for (const { queue } of queues) queue.grantSendMessages(this.reconciler.function);
    new Rule(this, 'ReconcilerSchedule', {
      ruleName: `${prefix}-reconciler`,
      description: 'Runs the DSR Hub reconciler every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [
        new LambdaFunction(this.reconciler.function, {
          retryAttempts: 0,
          maxEventAge: Duration.minutes(1),
        }),
      ],
    });

    this.alarms = new HubAlarms(this, 'Alarms', { namePrefix: prefix, topic: stateful.alarmTopic });
    this.addAlarms(props);

    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the hub: upstream systems POST to <ApiUrl>/v1/requests',
      value: this.httpApi.url,
    });
  }

  private addWorker(
    spec: IntegrationQueueSpec,
    environment: Readonly<Record<string, string>>,
    props: StatelessStackProps,
  ): HubFunction {
    const { config, stateful } = props;
    const { queue } = stateful.queues[spec.key];
    const vendorSecret = stateful.vendorSecrets[spec.key];
    const maxConcurrency = workerMaxConcurrency(spec);
    const baseUrl = props.vendorBaseUrls?.[spec.key];

    const worker = new HubFunction(this, `Worker-${spec.key}`, {
      entry: `functions/worker/entries/${spec.key}.ts`,
      functionName: `${resourcePrefix(config.stage)}-worker-${spec.key}`,
      description: `DSR Hub worker: carries tasks to ${spec.key}`,
      config,
      timeout: WORKER_TIMEOUT,
      memorySize: WORKER_MEMORY_MB,
      environment: {
        ...environment,
        HUB_VENDOR_SECRETS: this.toJsonString({ [spec.key]: vendorSecret.secretArn }),
        ...(baseUrl ? { [`${spec.envPrefix}_BASE_URL`]: baseUrl } : {}),
      },
    });
    worker.grantTableReadWrite(stateful.table, tableIndexes);
    worker.grantSecretRead(stateful.hubSecret);
    worker.grantSecretRead(vendorSecret);
    // Re-enqueueing its own follow-up work; consuming and postponing come with the event source.
    queue.grantSendMessages(worker.function);
    worker.function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        maxConcurrency,
      }),
    );
    return worker;
  }

  private addAlarms(props: StatelessStackProps): void {
    for (const [key, { deadLetterQueue }] of Object.entries(props.stateful.queues)) {
      this.alarms.add({
        name: `${key}-dlq-depth`,
        description: `Messages wait in the ${key} DLQ: the DLQ handler is not draining it (check its errors).`,
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
      });
    }
    this.alarms.addBusinessAlarms();

    const functions: Array<[string, HubFunction]> = [
      ['api', this.api],
      ...Object.entries(this.workers).map(([key, fn]): [string, HubFunction] => [
        `worker-${key}`,
        fn,
      ]),
      ['dlq', this.dlqHandler],
      ['reconciler', this.reconciler],
    ];
    for (const [name, hubFunction] of functions) {
      this.alarms.add({
        name: `${name}-errors`,
        description: `The ${name} function threw (an invocation error, not a vendor failure).`,
        metric: hubFunction.function.metricErrors({
          period: Duration.minutes(5),
          statistic: 'Sum',
        }),
      });
    }
    this.alarms.add({
      name: 'api-5xx',
      description: 'The HTTP API answered 5xx.',
      metric: this.httpApi.metricServerErrors(),
    });
  }
}
