import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startLocalDynamo } from '../../local/dynamodb.ts';
import { AwsMeter } from './aws-meter.ts';
import { dynamoItemBytes, writeUnits } from './dynamo-item-size.ts';

const TABLE = 'bench-meter';
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

const open = (id: string, payload: string) => ({
  pk: `REQ#${id}`,
  sk: 'REQUEST',
  gsi1pk: 'REQUEST',
  gsi1sk: `2026#${id}`,
  openPk: 'OPEN',
  openSk: `2026-12#${id}`,
  payload,
});

describe('the AWS meter on a real DynamoDB wire', () => {
  it('counts calls and consumed units, prices index writes and refused conditional writes', async () => {
    const meter = new AwsMeter();
    meter.attachDynamo(client);
    meter.counting = true;
    meter.trackIndexes = true;
    const item = open('1', 'x'.repeat(1500));
    const units = writeUnits(dynamoItemBytes(item));
    expect(units).toBe(2);

    await client.send(new PutCommand({ TableName: TABLE, Item: item }));
    // The same keys again: one write to each index.
    await client.send(new PutCommand({ TableName: TABLE, Item: item }));
    // Completed: the open index key changes, a delete there plus a put.
    await client.send(
      new PutCommand({
        TableName: TABLE,
        Item: { ...item, openPk: 'PURGEABLE', openSk: '2027#1' },
      }),
    );
    await expect(
      client.send(
        new PutCommand({
          TableName: TABLE,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ).rejects.toThrow();
    await client.send(
      new GetCommand({
        TableName: TABLE,
        Key: { pk: 'REQ#1', sk: 'REQUEST' },
        ConsistentRead: true,
      }),
    );
    meter.counting = false;
    await client.send(new PutCommand({ TableName: TABLE, Item: item }));

    const counts = meter.take();
    expect(counts.dynamo['PutItem REQ']).toEqual({
      calls: 4,
      conditionalFailures: 1,
      units: 4 * units,
      indexWriteUnits: 2 * units + 2 * units + 3 * units,
    });
    expect(counts.dynamo['GetItem REQ']).toEqual({
      calls: 1,
      conditionalFailures: 0,
      units: 1,
      indexWriteUnits: 0,
    });
    expect(meter.take()).toEqual({ dynamo: {}, sqs: {} });
  });
});
