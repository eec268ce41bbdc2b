import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DsrRequest } from '../../core/model.ts';
import {
  type AckTokenRef,
  ConcurrentUpdateError,
  type IntegrationDisabled,
  type RequestPage,
  type RequestStore,
} from '../../core/ports.ts';

const REQUEST_SK = 'REQUEST';
/** Partitions of the sparse `open` index: work for the reconciler, and data awaiting the purge. */
const OPEN = 'OPEN';
const PURGEABLE = 'PURGEABLE';
/** Delivery ids are kept long enough to outlast any upstream's retry window. */
const DELIVERY_TTL_SECONDS = 30 * 24 * 3600;

const integrationKey = (name: string) => ({ pk: `INTEGRATION#${name}`, sk: 'DISABLED' });

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
    yield* this.queryOpenIndex('openPk = :pk', { ':pk': OPEN });
  }

  async *listPurgeable(completedBefore: Date): AsyncIterable<DsrRequest> {
    yield* this.queryOpenIndex('openPk = :pk AND openSk < :before', {
      ':pk': PURGEABLE,
      ':before': completedBefore.toISOString(),
    });
  }

  private async *queryOpenIndex(condition: string, values: Record<string, string>) {
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.table,
        IndexName: 'open',
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) yield fromItem(item);
    }
  }

  async listPage(options: {
    limit: number;
    cursor?: string;
    receivedFrom?: string;
    receivedTo?: string;
  }): Promise<RequestPage> {
    const values: Record<string, string> = { ':pk': 'REQUEST' };
    let condition = 'gsi1pk = :pk';
    if (options.receivedFrom && options.receivedTo) {
      condition += ' AND gsi1sk BETWEEN :from AND :to';
      values[':from'] = options.receivedFrom;
      values[':to'] = options.receivedTo;
    } else if (options.receivedFrom) {
      condition += ' AND gsi1sk >= :from';
      values[':from'] = options.receivedFrom;
    } else if (options.receivedTo) {
      condition += ' AND gsi1sk < :to';
      values[':to'] = options.receivedTo;
    }
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: options.cursor ? decodeCursor(options.cursor) : undefined,
      }),
    );
    return {
      items: (result.Items ?? []).map(fromItem),
      cursor: result.LastEvaluatedKey ? encodeCursor(result.LastEvaluatedKey) : undefined,
    };
  }

  async integrationDisabled(name: string): Promise<IntegrationDisabled | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.table, Key: integrationKey(name), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    return { at: String(result.Item.disabledAt), reason: String(result.Item.reason) };
  }

  async setIntegrationDisabled(
    name: string,
    state: IntegrationDisabled | undefined,
  ): Promise<void> {
    if (!state) {
      await this.client.send(
        new DeleteCommand({ TableName: this.table, Key: integrationKey(name) }),
      );
      return;
    }
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...integrationKey(name), disabledAt: state.at, reason: state.reason },
      }),
    );
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
  if (request.status !== 'completed' || request.callback) {
    item.openPk = OPEN;
    item.openSk = `${request.deadline}#${request.id}`;
  } else if (!request.purgedAt && request.completedAt) {
    item.openPk = PURGEABLE;
    item.openSk = `${request.completedAt}#${request.id}`;
  }
  return item;
}

/** Cursors are the index key of the last item, opaque to clients; a bad one is refused. */
function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export class InvalidCursor extends Error {
  override name = 'InvalidCursor';
}

function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    // Exactly the gsi1 key LastEvaluatedKey holds: DynamoDB answers anything else with a 500.
    const names = Object.keys(key).sort().join();
    const strings = Object.values(key).every((value) => typeof value === 'string');
    if (names !== 'gsi1pk,gsi1sk,pk,sk' || !strings || key.gsi1pk !== 'REQUEST') {
      throw new Error('unexpected key');
    }
    return key;
  } catch (error) {
    throw new InvalidCursor('the cursor is not one this hub gave out', { cause: error });
  }
}

function fromItem(item: Record<string, unknown>): DsrRequest {
  return { ...(item.request as DsrRequest), version: Number(item.version) };
}
