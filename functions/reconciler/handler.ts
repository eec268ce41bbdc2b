import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { sendDueCallbacks } from '../../core/callbacks.ts';
import { watchDeadlines } from '../../core/deadline-watch.ts';
import type { DsrRequest } from '../../core/model.ts';
import { systemClock } from '../../core/ports.ts';
import { purgeCompletedRequests } from '../../core/purge.ts';
import { redispatchLostTasks } from '../../core/reconcile.ts';
import { remindSilentRecipients } from '../../core/reminders.ts';
import { outboundFetchFromEnv } from '../../integrations/outbound/outbound-fetch.ts';
import { documentClient, sqsClient } from '../aws/clients.ts';
import { DynamoRequestStore } from '../aws/dynamo-request-store.ts';
import { SqsWorkQueue } from '../aws/sqs-work-queue.ts';
import { signedCallbackSender } from '../callbacks/signed-callback-sender.ts';
import { readHubConfig } from '../shared/config.ts';
import { numberEnv } from '../shared/env.ts';
import { logger } from '../shared/logger.ts';
import { logHubMetrics, publishDeadlineGauges, tracer } from '../shared/observability.ts';
import { loadHubSecrets } from '../shared/secrets.ts';

/** @default 30 days after completion, the raw identifiers go */
const DEFAULT_RETENTION_DAYS = 30;
/** @default a reminder every 3 days without an answer, at most 3 */
const DEFAULT_REMINDER_HOURS = 72;
const DEFAULT_REMINDERS = 3;

export interface ReconcileSummary {
  dispatched: number;
  overdue: number;
  dueSoon: number;
  reminded: number;
  silentNearDeadline: number;
  callbacksSent: number;
  callbacksFailed: number;
  purged: number;
}

/**
 * Runs on a schedule. Each step derives its work from DynamoDB alone:
 * 1. re-sends tasks whose message was lost, expired or never sent;
 * 2. marks requests overdue or due soon and counts them for the alarms, and
 *    reminds partners who have not confirmed, reporting those silent near the deadline;
 * 3. sends the completion callbacks that are due;
 * 4. purges raw identifiers of requests completed longer ago than the retention.
 */
async function reconcile(_event: ScheduledEvent): Promise<ReconcileSummary> {
  const env = process.env;
  const config = readHubConfig(env);
  const secrets = await loadHubSecrets(env);
  const store = new DynamoRequestStore(documentClient(), config.table);
  const clock = systemClock;
  const queue = new SqsWorkQueue(sqsClient(), config.queueUrlPrefix);
  // One read of the open index serves every step below, instead of one read per step.
  const open: DsrRequest[] = [];
  for await (const request of store.listOpen()) open.push(request);
  const { dispatched } = await redispatchLostTasks({
    store,
    open,
    queue,
    clock,
    pickupGraceMs: config.pickupGraceMs,
  });
  const deadlines = await watchDeadlines({ store, clock, open });
  publishDeadlineGauges(deadlines.overdue, deadlines.dueSoon);
  const reminders = await remindSilentRecipients({
    store,
    open,
    queue,
    clock,
    pickupGraceMs: config.pickupGraceMs,
    policy: {
      everyMs: numberEnv(env, 'HUB_ACK_REMINDER_HOURS', DEFAULT_REMINDER_HOURS) * 3600 * 1000,
      max: numberEnv(env, 'HUB_ACK_REMINDERS', DEFAULT_REMINDERS),
    },
  });
  const callbacks = await sendDueCallbacks({
    store,
    open,
    clock,
    sender: signedCallbackSender(secrets.ingestSecrets[0] as string, outboundFetchFromEnv(env)),
  });
  const purged = await purgeCompletedRequests({
    store,
    clock,
    retentionMs: numberEnv(env, 'HUB_RETENTION_DAYS', DEFAULT_RETENTION_DAYS) * 24 * 3600 * 1000,
  });
  const summary = {
    dispatched,
    overdue: deadlines.overdue,
    dueSoon: deadlines.dueSoon,
    reminded: reminders.reminded,
    silentNearDeadline: reminders.silentNearDeadline,
    callbacksSent: callbacks.sent,
    callbacksFailed: callbacks.failed,
    purged,
  };
  if (dispatched || reminders.reminded || callbacks.sent || callbacks.failed || purged)
    logger.info('reconciled', { ...summary });
  return summary;
}

export const handler = middy<ScheduledEvent, ReconcileSummary>()
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(logHubMetrics())
  .handler(reconcile);
