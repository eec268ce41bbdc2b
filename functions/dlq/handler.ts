import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { failDeadLetteredTask } from '../../core/dead-letter.ts';
import { systemClock } from '../../core/ports.ts';
import { documentClient } from '../aws/clients.ts';
import { DynamoRequestStore } from '../aws/dynamo-request-store.ts';
import { readHubConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { logHubMetrics, recordTaskFailed, tracer } from '../shared/observability.ts';
import { taskMessageSchema } from '../worker/task-message.ts';

/**
 * Every integration's DLQ feeds this function: the task of a dead-lettered
 * message becomes `failed`, visible to ops and redrivable. A message that is not a
 * task message at all is logged and dropped: there is no task to fail.
 */
async function handleDeadLetters(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const config = readHubConfig(process.env);
  const store = new DynamoRequestStore(documentClient(), config.table);

  async function handleRecord(record: SQSRecord): Promise<void> {
    let parsed: ReturnType<typeof taskMessageSchema.safeParse>;
    try {
      parsed = taskMessageSchema.safeParse(JSON.parse(record.body));
    } catch {
      parsed = taskMessageSchema.safeParse(undefined);
    }
    if (!parsed.success) {
      logger.warn('dropped a dead letter that is not a task message', {
        messageId: record.messageId,
      });
      return;
    }
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? 0);
    const failed = await failDeadLetteredTask(parsed.data, receiveCount, {
      store,
      clock: systemClock,
    });
    // Only a task that exists and was still open: the integration name is a configured one.
    if (failed) recordTaskFailed(parsed.data.integration);
    logger.warn('dead-lettered task', {
      requestId: parsed.data.requestId,
      integration: parsed.data.integration,
      markedFailed: failed,
    });
  }

  return processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
    context,
    throwOnFullBatchFailure: false,
  });
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(logHubMetrics())
  .handler(handleDeadLetters);
