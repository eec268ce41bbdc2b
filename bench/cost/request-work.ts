import type { FanOutResult } from '../phases/fan-out.ts';
import { type CostEstimate, hubCost, type RequestWork, stepFunctionsCost } from './model.ts';
import type { PriceList } from './prices.ts';

/** What the functions get in infra/: the prod API's memory, the workers' (stateless-stack.ts). */
export interface FunctionMemory {
  apiMb: number;
  workerMb: number;
}

const READ_OPERATIONS = /^(GetItem|Query|Scan|BatchGetItem) /;
const WRITE_OPERATIONS = /^(PutItem|UpdateItem|DeleteItem|BatchWriteItem) /;
/** Idle polling: Lambda's pollers make these whether or not requests come. */
const IDLE_SQS = new Set(['ReceiveMessage (empty)', 'GetQueueAttributes']);

/** Averages one measured fan-out run into the AWS work of one request. */
export function requestWorkOf(
  run: FanOutResult,
  apiMsPerInvocation: number,
  memory: FunctionMemory,
): RequestWork {
  const n = run.scenario.requests;
  let writeUnits = 0;
  let readUnits = 0;
  let acks = 0;
  for (const [label, tally] of Object.entries(run.aws.dynamo)) {
    if (WRITE_OPERATIONS.test(label)) writeUnits += tally.units + tally.indexWriteUnits;
    else if (READ_OPERATIONS.test(label)) readUnits += tally.units;
    // Each ack through its link looks its token up once.
    if (label === 'GetItem ACK') acks += tally.calls;
  }
  let sqsRequests = 0;
  for (const [label, tally] of Object.entries(run.aws.sqs)) {
    if (!IDLE_SQS.has(label)) sqsRequests += tally.billedRequests;
  }
  let workerInvocations = 0;
  let workerMs = 0;
  for (const [name, time] of Object.entries(run.functionTimes)) {
    if (!name.includes('-worker-')) continue;
    workerInvocations += time.invocations;
    workerMs += time.totalMs;
  }
  return {
    tasks: run.integrations.length,
    manualTasks: run.manualIntegrations.length,
    retries: Math.max(0, run.attempts.attempts - run.attempts.tasks) / n,
    apiInvocations: 1 + acks / n,
    apiMsPerInvocation,
    apiMemoryGb: memory.apiMb / 1024,
    workerInvocations: workerInvocations / n,
    workerMs: workerMs / n,
    workerMemoryGb: memory.workerMb / 1024,
    sqsRequests: sqsRequests / n,
    writeUnits: writeUnits / n,
    readUnits: readUnits / n,
    logBytes: run.logBytes / n,
  };
}

/** A run's work per request, priced as the hub and as a per-request Step Functions workflow. */
export interface PricedRun {
  work: RequestWork;
  hub: CostEstimate;
  stepFunctions: CostEstimate;
}

export function priceRun(
  run: FanOutResult,
  apiMsPerInvocation: number,
  memory: FunctionMemory,
  prices: PriceList,
): PricedRun {
  const work = requestWorkOf(run, apiMsPerInvocation, memory);
  return { work, hub: hubCost(work, prices), stepFunctions: stepFunctionsCost(work, prices) };
}
