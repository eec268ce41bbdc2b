import { describe, expect, it } from 'vitest';
import { hubCost, type RequestWork, stepFunctionsCost, stepFunctionsTransitions } from './model.ts';
import { US_EAST_1 } from './prices.ts';

const work: RequestWork = {
  tasks: 2,
  manualTasks: 0,
  retries: 1,
  apiInvocations: 1,
  apiMsPerInvocation: 100,
  apiMemoryGb: 1,
  workerInvocations: 1,
  workerMs: 1000,
  workerMemoryGb: 0.5,
  sqsRequests: 10,
  writeUnits: 100,
  readUnits: 40,
  logBytes: 2000,
};

const total = (lines: { item: string; usdPerMillionRequests: number }[], item: string) =>
  lines.find((line) => line.item === item)?.usdPerMillionRequests;

describe('cost per million requests', () => {
  it('prices each AWS line at its list price', () => {
    const cost = hubCost(work, US_EAST_1);
    expect(total(cost.lines, 'SQS requests')).toBeCloseTo(4, 6);
    expect(total(cost.lines, 'DynamoDB writes')).toBeCloseTo(62.5, 6);
    expect(total(cost.lines, 'DynamoDB reads')).toBeCloseTo(5, 6);
    expect(total(cost.lines, 'Lambda invocations')).toBeCloseTo(0.4, 6);
    expect(total(cost.lines, 'Lambda duration (API)')).toBeCloseTo(0.1 * 13.3334, 3);
    expect(total(cost.lines, 'Lambda duration (workers)')).toBeCloseTo(0.5 * 13.3334, 3);
    expect(total(cost.lines, 'CloudWatch Logs ingestion')).toBeCloseTo(1, 6);
    expect(cost.usdPerMillionRequests).toBeCloseTo(
      cost.lines.reduce((sum, line) => sum + line.usdPerMillionRequests, 0),
      9,
    );
  });

  it('replaces SQS with state transitions, one invocation per task and retry', () => {
    expect(stepFunctionsTransitions(work)).toBe(2 + 4 + 1 + 3);
    const cost = stepFunctionsCost(work, US_EAST_1);
    expect(total(cost.lines, 'SQS requests')).toBeUndefined();
    expect(total(cost.lines, 'Step Functions Standard transitions')).toBeCloseTo(250, 6);
    expect(cost.lines.find((l) => l.item === 'Lambda invocations')?.perRequest).toBe(1 + 3);
  });
});
