import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { systemClock } from '../../core/ports.ts';
import { redispatchLostTasks } from '../../core/reconcile.ts';
import { documentClient, sqsClient } from '../aws/clients.ts';
import { DynamoRequestStore } from '../aws/dynamo-request-store.ts';
import { SqsWorkQueue } from '../aws/sqs-work-queue.ts';
import { readHubConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';

/** Runs on a schedule: re-derives from DynamoDB whatever work the queues lost. */
async function reconcile(_event: ScheduledEvent): Promise<{ dispatched: number }> {
  const config = readHubConfig(process.env);
  const result = await redispatchLostTasks({
    store: new DynamoRequestStore(documentClient(), config.table),
    queue: new SqsWorkQueue(sqsClient(), config.queueUrlPrefix),
    clock: systemClock,
    pickupGraceMs: config.pickupGraceMs,
  });
  if (result.dispatched > 0) logger.info('re-dispatched tasks', result);
  return result;
}

export const handler = middy<ScheduledEvent, { dispatched: number }>().handler(reconcile);
