import { randomUUID } from 'node:crypto';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { systemClock } from '../../core/ports.ts';
import { runTask } from '../../core/task-runner.ts';
import { documentClient, sqsClient } from '../aws/clients.ts';
import { DynamoRateLimiter } from '../aws/dynamo-rate-limiter.ts';
import { DynamoRequestStore } from '../aws/dynamo-request-store.ts';
import { SqsWorkQueue } from '../aws/sqs-work-queue.ts';
import { type HubConfig, readHubConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { logHubMetrics, tracer } from '../shared/observability.ts';
import { loadHubSecrets, withVendorSecrets } from '../shared/secrets.ts';
import { createPerformer, type IntegrationResolver } from './perform.ts';
import { taskMessageSchema } from './task-message.ts';
import { countTaskRun } from './task-metrics.ts';

/** SQS's longest visibility timeout; later retries are sent again by the reconciler. */
const MAX_VISIBILITY_SECONDS = 12 * 3600;

/** A message whose task must wait: reported as a batch item failure after its visibility was set. */
class TaskDeferred extends Error {
  override name = 'TaskDeferred';
}

/**
 * The worker for one queue: takes an SQS batch, runs each message's task, and
 * reports the ones to see again (retries, early arrivals) as batch item failures,
 * having first moved their visibility to when they are due.
 */
export function createWorkerHandler(resolve: IntegrationResolver) {
  let config: HubConfig | undefined;

  async function handleBatch(
    event: SQSEvent,
    context: Context,
    { signal }: { signal: AbortSignal },
  ): Promise<SQSBatchResponse> {
    config ??= readHubConfig(process.env);
    const settings = config;
    const secrets = await loadHubSecrets(process.env);
    const env = await withVendorSecrets(process.env);
    const store = new DynamoRequestStore(documentClient(), settings.table);
    const queue = new SqsWorkQueue(sqsClient(), settings.queueUrlPrefix);
    const limiter = new DynamoRateLimiter(documentClient(), settings.table);
    const performer = createPerformer({
      resolve,
      env,
      config: settings,
      limiter,
      signal,
      now: () => systemClock.now(),
      ackKey: secrets.emailHashKey,
    });

    async function handleRecord(record: SQSRecord): Promise<void> {
      const message = taskMessageSchema.parse(JSON.parse(record.body));
      const owner = `${context.awsRequestId}/${record.messageId}/${randomUUID()}`;
      const result = await runTask(message, {
        store: countTaskRun(store, { integration: message.integration, owner }),
        clock: systemClock,
        performer,
        retrySchedule: settings.retrySchedule,
        leaseMs: settings.leaseMs,
        pickupGraceMs: settings.pickupGraceMs,
        publicUrl: settings.publicUrl,
        owner,
      });
      if (result.kind === 'done') return;
      const seconds = Math.ceil(result.delayMs / 1000);
      if (seconds > MAX_VISIBILITY_SECONDS) return;
      await sqsClient().send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queue.queueUrl(message.integration),
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: Math.max(0, seconds),
        }),
      );
      throw new TaskDeferred(`task due in ${seconds} s`);
    }

    async function handleRecordLogged(record: SQSRecord): Promise<void> {
      try {
        await handleRecord(record);
      } catch (error) {
        if (!(error instanceof TaskDeferred)) {
          logger.error('task message failed', {
            messageId: record.messageId,
            receiveCount: record.attributes.ApproximateReceiveCount,
            errorName: error instanceof Error ? error.name : 'unknown',
            errorMessage: error instanceof Error ? error.message.slice(0, 300) : undefined,
          });
        }
        throw error;
      }
    }

    const processor = new BatchProcessor(EventType.SQS);
    const response = await processPartialResponse(event, handleRecordLogged, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
    const deferred = processor.failureMessages.length;
    if (deferred > 0) {
      logger.info('batch processed', { records: event.Records.length, deferredOrFailed: deferred });
    }
    return response;
  }

  // Responses are message ids only, but no handler's answer goes into a trace.
  return middy<SQSEvent, SQSBatchResponse>({ timeoutEarlyInMillis: 5000 })
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(logHubMetrics())
    .handler(handleBatch);
}
