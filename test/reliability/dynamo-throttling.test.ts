import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startLocalDynamo } from '../../local/dynamodb.ts';
import { installDynamoThrottling } from '../support/dynamo-throttling.ts';

const TABLE = 'throttling-test';
let dynamo: LocalDynamo;
let client: DynamoDBDocumentClient;

beforeAll(async () => {
  dynamo = await startLocalDynamo(undefined);
  const raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(raw, TABLE);
  client = DynamoDBDocumentClient.from(raw);
});

afterAll(async () => {
  client?.destroy();
  await dynamo?.close();
});

const item = { pk: 'P', sk: 'S', n: 1 };

describe('the DynamoDB throttling middleware the chaos suite injects', () => {
  it('throttles inside the SDK retries, which try again before giving up', async () => {
    const throttling = installDynamoThrottling(client, { seed: 1, throttled: 1, exhausted: 0 });
    try {
      const refused = await client
        .send(new PutCommand({ TableName: TABLE, Item: item }))
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(Error);
      expect(['ProvisionedThroughputExceededException', 'ThrottlingException']).toContain(
        (refused as Error).name,
      );
      const attempts = throttling.counts.throttled;
      expect(attempts).toBeGreaterThan(1);
      expect(Object.values(throttling.counts.byOperation)).toEqual([attempts]);
    } finally {
      throttling.remove();
    }
  });

  it('hands an exhausted throttle to the caller at once, and stops when removed', async () => {
    const throttling = installDynamoThrottling(client, { seed: 2, throttled: 0, exhausted: 1 });
    const key = { pk: 'P', sk: 'S' };
    await expect(client.send(new GetCommand({ TableName: TABLE, Key: key }))).rejects.toThrow(
      /provisioned throughput/,
    );
    expect(throttling.counts).toMatchObject({ throttled: 0, exhausted: 1 });
    throttling.remove();
    await client.send(new PutCommand({ TableName: TABLE, Item: item }));
    const read = await client.send(new GetCommand({ TableName: TABLE, Key: key }));
    expect(read.Item).toEqual(item);
  });
});
