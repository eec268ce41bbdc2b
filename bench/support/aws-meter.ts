import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoItemBytes, writeUnits } from './dynamo-item-size.ts';

/** DynamoDB calls of one kind (`PutItem REQ`, `Query open`…) and the capacity they consumed. */
export interface DynamoTally {
  calls: number;
  /** Conditional writes refused: billed on AWS all the same. */
  conditionalFailures: number;
  /** Read or write request units of the table, as dynalite reports them (ReturnConsumedCapacity). */
  units: number;
  /** Write units the global secondary indexes add, which dynalite does not report. */
  indexWriteUnits: number;
}

/** SQS calls of one kind and what AWS bills for them (one request per 64 KB chunk). */
export interface SqsTally {
  calls: number;
  billedRequests: number;
  messages: number;
}

export interface AwsCounts {
  dynamo: Record<string, DynamoTally>;
  sqs: Record<string, SqsTally>;
}

/** A global secondary index of the hub's table: its key attributes (projection ALL). */
export interface IndexKey {
  name: string;
  partitionKey: string;
  sortKey: string;
}

/** The hub table's indexes, as local/dynamodb.ts and infra create them. */
export const HUB_TABLE_INDEXES: readonly IndexKey[] = [
  { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { name: 'open', partitionKey: 'openPk', sortKey: 'openSk' },
];

const CAPACITY_OPERATIONS = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'QueryCommand',
  'ScanCommand',
]);
const SQS_CHUNK_BYTES = 64 * 1024;
const DYNAMO_METER = 'benchDynamoMeter';
const SQS_METER = 'benchSqsMeter';

/** A command's input as the document client takes it: plain values, keys by name. */
interface Input {
  IndexName?: unknown;
  Key?: Record<string, unknown>;
  Item?: Record<string, unknown>;
  MessageBody?: unknown;
  Entries?: unknown[];
}
interface IndexedItem {
  bytes: number;
  keys: (string | undefined)[];
}

/**
 * Counts the AWS operations the hub makes, through middleware on its SDK clients: DynamoDB
 * calls with the capacity units they consume (plus the index writes AWS adds), SQS calls with
 * their billed requests. Counting can be switched off; the middleware stays cheap.
 */
export class AwsMeter {
  private counts: AwsCounts = { dynamo: {}, sqs: {} };
  private readonly indexed = new Map<string, IndexedItem>();
  private readonly attached = new WeakSet<object>();
  /** Whether calls are counted now. */
  counting = false;
  /** Follows each indexed item's keys so that index writes can be priced; memory grows per item. */
  trackIndexes = false;

  constructor(private readonly indexes: readonly IndexKey[] = HUB_TABLE_INDEXES) {}

  attachDynamo(client: DynamoDBDocumentClient): void {
    if (this.attached.has(client.middlewareStack)) return;
    this.attached.add(client.middlewareStack);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!this.counting) return next(args);
        const command = String(context.commandName ?? 'Unknown');
        const input = args.input as Input;
        const wantsCapacity = CAPACITY_OPERATIONS.has(command);
        const sent = wantsCapacity
          ? { ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } }
          : args;
        const label = `${command.replace(/Command$/, '')} ${keyKind(input)}`;
        try {
          const result = await next(sent);
          const output = result.output as { ConsumedCapacity?: { CapacityUnits?: number } };
          this.tallyDynamo(label, output.ConsumedCapacity?.CapacityUnits ?? 0, false);
          if (command === 'PutItemCommand') this.tallyIndexWrites(label, input.Item);
          return result;
        } catch (error) {
          if ((error as Error).name === 'ConditionalCheckFailedException') {
            this.tallyDynamo(
              label,
              writeUnits(dynamoItemBytes(input.Item ?? input.Key ?? {})),
              true,
            );
          }
          throw error;
        }
      },
      { step: 'initialize', name: DYNAMO_METER, override: true },
    );
  }

  attachSqs(client: SQSClient): void {
    if (this.attached.has(client.middlewareStack)) return;
    this.attached.add(client.middlewareStack);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (!this.counting) return next(args);
        const command = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
        const input = args.input as Input;
        const result = await next(args);
        const output = result.output as { Messages?: unknown[] };
        let label = command;
        let messages = 0;
        let billed = 1;
        if (command === 'SendMessage') {
          messages = 1;
          billed = Math.max(
            1,
            Math.ceil(Buffer.byteLength(String(input.MessageBody)) / SQS_CHUNK_BYTES),
          );
        } else if (command === 'ReceiveMessage') {
          messages = output.Messages?.length ?? 0;
          if (messages === 0) label = 'ReceiveMessage (empty)';
        } else if (command === 'DeleteMessageBatch' || command === 'SendMessageBatch') {
          messages = (input.Entries as unknown[] | undefined)?.length ?? 0;
        } else if (command === 'DeleteMessage' || command === 'ChangeMessageVisibility') {
          messages = 1;
        }
        const tally = this.counts.sqs[label] ?? { calls: 0, billedRequests: 0, messages: 0 };
        this.counts.sqs[label] = tally;
        tally.calls += 1;
        tally.billedRequests += billed;
        tally.messages += messages;
        return result;
      },
      { step: 'initialize', name: SQS_METER, override: true },
    );
  }

  /** The counts so far, and a fresh start. */
  take(): AwsCounts {
    const counts = this.counts;
    this.counts = { dynamo: {}, sqs: {} };
    return counts;
  }

  /** Forgets the items followed for index pricing. */
  forgetItems(): void {
    this.indexed.clear();
  }

  private tallyDynamo(label: string, units: number, conditionalFailure: boolean): void {
    const tally = this.counts.dynamo[label] ?? {
      calls: 0,
      conditionalFailures: 0,
      units: 0,
      indexWriteUnits: 0,
    };
    this.counts.dynamo[label] = tally;
    tally.calls += 1;
    tally.units += units;
    if (conditionalFailure) tally.conditionalFailures += 1;
  }

  /**
   * What a successful put costs in the indexes (projection ALL): one write of the item where it
   * stays under the same index key, a delete plus a put where its key changes, a delete where it
   * leaves. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes
   */
  private tallyIndexWrites(label: string, item: Record<string, unknown> | undefined): void {
    if (!this.trackIndexes || !item) return;
    const keys = this.indexes.map((index) => indexKey(item, index));
    const id = `${String(item.pk)}\n${String(item.sk)}`;
    const before = this.indexed.get(id);
    if (!before && keys.every((key) => key === undefined)) return;
    const bytes = dynamoItemBytes(item);
    let units = 0;
    keys.forEach((after, position) => {
      const previous = before?.keys[position];
      if (previous !== undefined && previous !== after) units += writeUnits(before?.bytes ?? bytes);
      if (after !== undefined) units += writeUnits(bytes);
    });
    this.indexed.set(id, { bytes, keys });
    const tally = this.counts.dynamo[label];
    if (tally) tally.indexWriteUnits += units;
  }
}

function indexKey(item: Record<string, unknown>, index: IndexKey): string | undefined {
  const partition = item[index.partitionKey];
  if (partition === undefined) return undefined;
  return `${String(partition)}\n${String(item[index.sortKey])}`;
}

/** What a call touches: the key's prefix (`REQ`, `RATE`, `DELIVERY`, `ACK`) or the index queried. */
function keyKind(input: Input): string {
  if (typeof input.IndexName === 'string') return input.IndexName;
  const pk = input.Key?.pk ?? input.Item?.pk;
  if (typeof pk === 'string') return pk.split('#')[0] ?? 'other';
  return 'table';
}
