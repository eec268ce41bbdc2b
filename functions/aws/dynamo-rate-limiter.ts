import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../../core/ports.ts';

const PACING_FACTOR = 1.1;

/**
 * A rate limit shared by every worker, kept in one DynamoDB item per vendor: the
 * generic cell rate algorithm. The item holds the theoretical arrival time (TAT) of
 * the next free slot; a caller reserves a slot with one conditional write and then
 * waits for it, so calls leave evenly spaced at no more than the limit.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
  ) {}

  async acquire(key: string, perSecond: number, maxWaitMs: number, signal?: AbortSignal) {
    // 10% spacing leaves 100 ms per one-second window for network and event-loop jitter.
    const interval = (1000 / perSecond) * PACING_FACTOR;
    const itemKey = { pk: `RATE#${key}`, sk: 'RATE' };
    for (;;) {
      signal?.throwIfAborted();
      const current = await this.client.send(
        new GetCommand({ TableName: this.table, Key: itemKey, ConsistentRead: true }),
      );
      const tat = current.Item ? Number(current.Item.tat) : undefined;
      const now = this.now();
      const slot = Math.max(tat ?? 0, now);
      if (slot - now > maxWaitMs) return false;
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...itemKey, tat: slot + interval },
            ConditionExpression: tat === undefined ? 'attribute_not_exists(pk)' : 'tat = :tat',
            ExpressionAttributeValues: tat === undefined ? undefined : { ':tat': tat },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) continue;
        throw error;
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
