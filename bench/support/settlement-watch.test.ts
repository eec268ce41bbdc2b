import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startLocalDynamo } from '../../local/dynamodb.ts';
import { SettlementWatch } from './settlement-watch.ts';

const TABLE = 'bench-watch';
let dynamo: LocalDynamo;
let client: DynamoDBDocumentClient;

beforeAll(async () => {
  dynamo = await startLocalDynamo(undefined);
  const base = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(base, TABLE);
  client = DynamoDBDocumentClient.from(base);
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.close();
});

const write = (id: string, status: string, tasks: Record<string, object>) =>
  client.send(
    new PutCommand({
      TableName: TABLE,
      Item: { pk: `REQ#${id}`, sk: 'REQUEST', request: { id, status, tasks } },
    }),
  );

describe('the settlement watch', () => {
  it('learns from the hub-style writes when each task and request settles', async () => {
    const watch = new SettlementWatch();
    watch.attach(client);
    watch.expect(['a', 'b']);
    await write('a', 'in_progress', {
      x: { status: 'acknowledged', attempts: 1 },
      y: { status: 'retrying', attempts: 1 },
    });
    await write('other', 'completed', {});
    await expect(watch.settled(50)).rejects.toThrow('2 of 2 requests not settled');

    await write('a', 'completed', {
      x: { status: 'acknowledged', attempts: 1 },
      y: { status: 'acknowledged', attempts: 2 },
    });
    await write('b', 'needs_attention', { z: { status: 'failed', attempts: 3 } });
    await watch.settled(1000);
    expect(watch.statuses()).toEqual({ completed: 1, needs_attention: 1 });
    expect(watch.attempts()).toEqual({ attempts: 6, tasks: 3 });
    const last = watch.lastSettled();
    expect(last.byIntegration.y).toBeGreaterThan(last.byIntegration.x as number);
    watch.clear();
    expect(watch.statuses()).toEqual({});
  });
});
