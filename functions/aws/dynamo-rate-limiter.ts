import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../../core/ports.ts';

/**
 * Room left in every one-second window for network and event-loop delays: a call that
 * reaches the vendor late must not bunch with the next ones. Jitter is absolute time,
 * so the room is too (at N/s, slots are (1000 + 200) / N ms apart).
 */
const JITTER_ROOM_MS = 200;

/**
 * A rate limit shared by every worker, kept in one DynamoDB item per vendor: the
 * generic cell rate algorithm. The item holds the theoretical arrival time (TAT) of
 * the next free slot. A caller reserves a slot with one atomic `UpdateItem`
 * (`tat = tat + interval`, while the schedule is busy but within reach) and waits
 * for it, so calls leave evenly spaced at no more than the limit; an idle schedule
 * is restarted at now with one conditional put.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
  ) {}

  async acquire(key: string, perSecond: number, maxWaitMs: number, signal?: AbortSignal) {
    const interval = (1000 + JITTER_ROOM_MS) / perSecond;
    const itemKey = { pk: `RATE#${key}`, sk: 'RATE' };
    for (;;) {
      signal?.throwIfAborted();
      const now = this.now();
      let slot: number;
      try {
        const taken = await this.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: itemKey,
            UpdateExpression: 'SET tat = tat + :interval',
            ConditionExpression: 'tat BETWEEN :now AND :latest',
            ExpressionAttributeValues: {
              ':interval': interval,
              ':now': now,
              ':latest': now + maxWaitMs,
            },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        slot = Number(taken.Attributes?.tat) - interval;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // Either idle (no schedule, or it fell behind now) or full beyond maxWaitMs.
        try {
          await this.client.send(
            new PutCommand({
              TableName: this.table,
              Item: { ...itemKey, tat: now + interval },
              ConditionExpression: 'attribute_not_exists(tat) OR tat < :now',
              ExpressionAttributeValues: { ':now': now },
            }),
          );
          slot = now;
        } catch (restartError) {
          if (!(restartError instanceof ConditionalCheckFailedException)) throw restartError;
          const current = await this.client.send(
            new GetCommand({ TableName: this.table, Key: itemKey, ConsistentRead: true }),
          );
          if (Number(current.Item?.tat) - now > maxWaitMs) return false;
          continue;
        }
      }
      const wait = slot - this.now();
      if (wait > 0) await sleep(wait, signal);
      return true;
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
