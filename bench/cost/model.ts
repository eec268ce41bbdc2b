import type { PriceList } from './prices.ts';

/** What one request causes on AWS, averaged over a measured run. */
export interface RequestWork {
  /** Tasks the request fans out to, and how many of them wait for a person's or partner's ack. */
  tasks: number;
  manualTasks: number;
  /** Attempts beyond the first, summed over the request's tasks. */
  retries: number;
  /** API invocations: the submission plus one per ack. */
  apiInvocations: number;
  apiMsPerInvocation: number;
  apiMemoryGb: number;
  workerInvocations: number;
  /** Worker handler time, rate-limit waits included (Lambda bills them). */
  workerMs: number;
  workerMemoryGb: number;
  /** Billed SQS requests: sends, non-empty receives, deletes, visibility changes. */
  sqsRequests: number;
  writeUnits: number;
  readUnits: number;
  logBytes: number;
}

/** One priced line: how much of something a request uses, and what a million requests cost. */
export interface CostLine {
  item: string;
  perRequest: number;
  unit: string;
  usdPerMillionRequests: number;
}

export interface CostEstimate {
  lines: CostLine[];
  usdPerMillionRequests: number;
}

const line = (item: string, perRequest: number, unit: string, usdEach: number): CostLine => ({
  item,
  perRequest,
  unit,
  usdPerMillionRequests: perRequest * usdEach * 1e6,
});

function estimate(lines: CostLine[]): CostEstimate {
  return {
    lines,
    usdPerMillionRequests: lines.reduce((sum, l) => sum + l.usdPerMillionRequests, 0),
  };
}

/** The hub as built: API Gateway + API Lambda, SQS per integration, worker Lambdas, DynamoDB. */
export function hubCost(work: RequestWork, prices: PriceList): CostEstimate {
  return estimate([
    line(
      'API Gateway HTTP API requests',
      work.apiInvocations,
      'requests',
      prices.httpApiRequest.usd,
    ),
    ...lambdaLines(work, work.workerInvocations, prices),
    line('SQS requests', work.sqsRequests, 'requests', prices.sqsRequest.usd),
    line('DynamoDB writes', work.writeUnits, 'WRU', prices.dynamoWriteUnit.usd),
    line('DynamoDB reads', work.readUnits, 'RRU', prices.dynamoReadUnit.usd),
    logLine(work, prices),
  ]);
}

function logLine(work: RequestWork, prices: PriceList): CostLine {
  return line(
    'CloudWatch Logs ingestion',
    work.logBytes / 1e3,
    'KB',
    prices.logsIngestedGb.usd / 1e6,
  );
}

/**
 * State transitions of a per-request Standard workflow doing the same work:
 * record the request (1), a Map over the integrations (1); per integration the vendor task
 * (a Lambda; a `.waitForTaskToken` one for manual integrations) and the recording of its outcome
 * (2), plus one per retry; then a Choice on the outcome, the settlement write and Succeed (3).
 */
export function stepFunctionsTransitions(work: Pick<RequestWork, 'tasks' | 'retries'>): number {
  return 2 + 2 * work.tasks + work.retries + 3;
}

/**
 * The same work under a per-request Step Functions Standard workflow: the transitions replace
 * the SQS requests; each Map iteration invokes the worker once (no batches); the vendor time,
 * DynamoDB (the audit trail and evidence still live there), API and logs stay as measured.
 */
export function stepFunctionsCost(work: RequestWork, prices: PriceList): CostEstimate {
  const transitions = stepFunctionsTransitions(work);
  return estimate([
    line(
      'API Gateway HTTP API requests',
      work.apiInvocations,
      'requests',
      prices.httpApiRequest.usd,
    ),
    ...lambdaLines(work, work.tasks + work.retries, prices),
    line(
      'Step Functions Standard transitions',
      transitions,
      'transitions',
      prices.stepFunctionsTransition.usd,
    ),
    line('DynamoDB writes', work.writeUnits, 'WRU', prices.dynamoWriteUnit.usd),
    line('DynamoDB reads', work.readUnits, 'RRU', prices.dynamoReadUnit.usd),
    logLine(work, prices),
  ]);
}

function lambdaLines(work: RequestWork, workerInvocations: number, prices: PriceList): CostLine[] {
  const apiGbSeconds = (work.apiInvocations * work.apiMsPerInvocation * work.apiMemoryGb) / 1000;
  const workerGbSeconds = (work.workerMs * work.workerMemoryGb) / 1000;
  return [
    line(
      'Lambda invocations',
      work.apiInvocations + workerInvocations,
      'invocations',
      prices.lambdaRequest.usd,
    ),
    line('Lambda duration (API)', apiGbSeconds, 'GB-s', prices.lambdaArmGbSecond.usd),
    line('Lambda duration (workers)', workerGbSeconds, 'GB-s', prices.lambdaArmGbSecond.usd),
  ];
}
