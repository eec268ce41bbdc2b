import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import type { DsrRequest } from '../../core/model.ts';
import { type AckTokenRef, ConcurrentUpdateError, type RequestStore } from '../../core/ports.ts';

const REQUEST_SK = 'REQUEST';
/** Delivery ids are kept long enough to outlast any upstream's retry window. */
const DELIVERY_TTL_SECONDS = 30 * 24 * 3600;

export const requestKey = (id: string) => ({ pk: `REQ#${id}`, sk: REQUEST_SK });

/**
 * Requests in DynamoDB: one item per request, tasks and audit trail inside it, so
 * that every transition is a single conditional write (no transactions).
 * `gsi1` lists requests newest first; the sparse `open` index holds unfinished ones.
 */
export class DynamoRequestStore implements RequestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(request: DsrRequest) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(request),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true as const };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get(request.id);
      if (!existing) throw error;
      return { created: false as const, existing };
    }
  }

  async get(id: string): Promise<DsrRequest | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.table, Key: requestKey(id), ConsistentRead: true }),
    );
    return result.Item ? fromItem(result.Item) : undefined;
  }

  async replace(request: DsrRequest, expectedVersion: number): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(request),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConcurrentUpdateError(`request changed since version ${expectedVersion}`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async *listOpen(): AsyncIterable<DsrRequest> {
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.table,
        IndexName: 'open',
        KeyConditionExpression: 'openPk = :open',
        ExpressionAttributeValues: { ':open': 'OPEN' },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) yield fromItem(item);
    }
  }

  async saveAckToken(tokenHash: string, ref: AckTokenRef): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: `ACK#${tokenHash}`,
          sk: 'ACK',
          requestId: ref.requestId,
          integration: ref.integration,
        },
      }),
    );
  }

  async findAckToken(tokenHash: string): Promise<AckTokenRef | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `ACK#${tokenHash}`, sk: 'ACK' },
        ConsistentRead: true,
      }),
    );
    if (!result.Item) return undefined;
    return {
      requestId: String(result.Item.requestId),
      integration: String(result.Item.integration),
    };
  }

  async rememberDelivery(webhookId: string, bodyHash: string, requestId: string) {
    const key = { pk: `DELIVERY#${webhookId}`, sk: 'DELIVERY' };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...key,
            bodyHash,
            requestId,
            expiresAt: Math.floor(Date.now() / 1000) + DELIVERY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { first: true as const };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const seen = await this.client.send(
        new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
      );
      return {
        first: false as const,
        bodyHash: String(seen.Item?.bodyHash),
        requestId: String(seen.Item?.requestId),
      };
    }
  }
}

function toItem(request: DsrRequest): Record<string, unknown> {
  const item: Record<string, unknown> = {
    ...requestKey(request.id),
    gsi1pk: 'REQUEST',
    gsi1sk: `${request.receivedAt}#${request.id}`,
    version: request.version,
    request,
  };
  if (request.status !== 'completed') {
    item.openPk = 'OPEN';
    item.openSk = `${request.deadline}#${request.id}`;
  }
  return item;
}

function fromItem(item: Record<string, unknown>): DsrRequest {
  return { ...(item.request as DsrRequest), version: Number(item.version) };
}
