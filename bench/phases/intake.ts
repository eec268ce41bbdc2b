import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, sqsClient } from '../../functions/aws/clients.ts';
import { dynamoItemBytes } from '../support/dynamo-item-size.ts';
import { startInstrumentedHub } from '../support/instrumented-hub.ts';
import { runConcurrently, timed } from '../support/pool.ts';
import { benchPeople, erasureOf } from '../support/sandbox-admin.ts';
import { submitSigned } from '../support/signed-submit.ts';
import { type LatencySummary, summarize } from '../support/stats.ts';

export interface IntakeScenario {
  concurrencies: number[];
  /** Requests per concurrency level, for the intake and for the bare write each. */
  requestsPerLevel: number;
  /** The level's requests come in this many alternating rounds of intake and bare writes. */
  rounds: number;
  warmUp: number;
}

/** Throughput and latency of one kind of call at one concurrency. */
export interface Throughput {
  perSecond: number;
  latency: LatencySummary;
}

export interface IntakeLevel {
  concurrency: number;
  intake: Throughput;
  bareWrite: Throughput;
  /**
   * The intake's own AWS calls made bare, in the same order: the delivery put, the request put,
   * the SQS send. What is left between this and the intake is HTTP, signature, validation.
   */
  awsFloor: Throughput;
  /** intake p50 ÷ bare PutItem p50. */
  p50Ratio: number;
  p99Ratio: number;
  /** intake p50 ÷ the AWS floor's p50. */
  floorRatio: number;
}

export interface IntakeResult {
  /** Bytes of the request item the intake stores (and the bare write copies). */
  itemBytes: number;
  levels: IntakeLevel[];
  /** AWS calls one accepted submission made, by kind. */
  callsPerRequest: Record<string, number>;
}

/**
 * Signed `POST /v1/requests` through the local runner (HTTP → API Gateway event → api handler →
 * DynamoDB + SQS) against a bare PutItem of the same item through the same SDK client and the
 * same dynalite, at each concurrency. The queue pollers are held: no fan-out competes.
 */
export async function runIntake(scenario: IntakeScenario): Promise<IntakeResult> {
  const { hub, meter } = await startInstrumentedHub({
    port: 0,
    hold: true,
    env: { HUB_INTEGRATIONS: 'auth0', POWERTOOLS_METRICS_DISABLED: 'false' },
    reconcileEveryMs: 3_600_000,
  });
  try {
    const endpoint = { url: hub.url, ingestSecret: hub.secrets.HUB_INGEST_SECRET };
    const client = documentClient();
    const table = hub.env.HUB_TABLE as string;
    const people = benchPeople(
      'i',
      scenario.warmUp + scenario.concurrencies.length * scenario.requestsPerLevel,
    );
    let nextPerson = 0;
    const intake = (count: number, concurrency: number) =>
      runConcurrently(count, concurrency, () => {
        const index = nextPerson++;
        const body = erasureOf(people[index] as (typeof people)[number], `intake-${index}`);
        return timed(async () => {
          const status = await submitSigned(endpoint, body);
          if (status !== 202) throw new Error(`intake answered ${status}`);
        });
      });

    await intake(scenario.warmUp, 8);
    const stored = await client.send(
      new GetCommand({ TableName: table, Key: { pk: 'REQ#intake-0', sk: 'REQUEST' } }),
    );
    const item = stored.Item as Record<string, unknown>;
    let nextBare = 0;
    const bareWrite = (count: number, concurrency: number) =>
      runConcurrently(count, concurrency, () => {
        const copy = bareCopy(item, nextBare++);
        return timed(async () => {
          await client.send(
            new PutCommand({
              TableName: table,
              Item: copy,
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        });
      });
    await bareWrite(scenario.warmUp, 8);
    const queueUrl = `${hub.env.HUB_QUEUE_URL_PREFIX}auth0`;
    const awsFloor = (count: number, concurrency: number) =>
      runConcurrently(count, concurrency, () => {
        const copy = bareCopy(item, nextBare++);
        return timed(async () => {
          await client.send(
            new PutCommand({
              TableName: table,
              Item: {
                pk: `DELIVERY#${String(copy.pk)}`,
                sk: 'DELIVERY',
                bodyHash: item.request,
                expiresAt: 0,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
          await client.send(
            new PutCommand({
              TableName: table,
              Item: copy,
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
          await sqsClient().send(
            new SendMessageCommand({
              QueueUrl: queueUrl,
              MessageBody: JSON.stringify({ requestId: copy.pk, integration: 'auth0' }),
            }),
          );
        });
      });
    await awsFloor(scenario.warmUp, 8);

    const levels: IntakeLevel[] = [];
    for (const concurrency of scenario.concurrencies) {
      const samples = { intake: [] as number[], bare: [] as number[], floor: [] as number[] };
      const wall = { intake: 0, bare: 0, floor: 0 };
      const run = { intake, bare: bareWrite, floor: awsFloor };
      const perRound = Math.ceil(scenario.requestsPerLevel / scenario.rounds);
      for (let round = 0; round < scenario.rounds; round++) {
        // Alternating which goes first spreads the machine's drift over both.
        const order =
          round % 2 === 0
            ? (['bare', 'floor', 'intake'] as const)
            : (['intake', 'floor', 'bare'] as const);
        for (const kind of order) {
          meter.counting = kind === 'intake';
          const started = performance.now();
          const results = await run[kind](perRound, concurrency);
          meter.counting = false;
          wall[kind] += performance.now() - started;
          samples[kind].push(...results.map((result) => result.ms));
        }
      }
      const intakeLatency = summarize(samples.intake);
      const bareLatency = summarize(samples.bare);
      const floorLatency = summarize(samples.floor);
      const rate = (kind: keyof typeof wall) => (samples[kind].length / wall[kind]) * 1000;
      levels.push({
        concurrency,
        intake: { perSecond: rate('intake'), latency: intakeLatency },
        bareWrite: { perSecond: rate('bare'), latency: bareLatency },
        awsFloor: { perSecond: rate('floor'), latency: floorLatency },
        p50Ratio: intakeLatency.p50 / bareLatency.p50,
        p99Ratio: intakeLatency.p99 / bareLatency.p99,
        floorRatio: intakeLatency.p50 / floorLatency.p50,
      });
    }
    const counts = meter.take();
    const accepted = levels.reduce((sum, level) => sum + level.intake.latency.count, 0);
    const callsPerRequest: Record<string, number> = {};
    for (const [label, tally] of Object.entries(counts.dynamo)) {
      callsPerRequest[`DynamoDB ${label}`] = tally.calls / accepted;
    }
    for (const [label, tally] of Object.entries(counts.sqs)) {
      callsPerRequest[`SQS ${label}`] = tally.calls / accepted;
    }
    return { itemBytes: dynamoItemBytes(item), levels, callsPerRequest };
  } finally {
    await hub.stop();
  }
}

/** The stored request item under a key of its own: same attributes, same size, same indexes. */
function bareCopy(item: Record<string, unknown>, index: number): Record<string, unknown> {
  const suffix = `bare-${String(index).padStart(6, '0')}`;
  return {
    ...item,
    pk: `BARE#${suffix}`,
    gsi1sk: String(item.gsi1sk).replace(/#.*$/, `#${suffix}`),
    openSk: String(item.openSk).replace(/#.*$/, `#${suffix}`),
  };
}
