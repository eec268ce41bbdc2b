import { describe, expect, it } from 'vitest';
import { TASK_STATUSES, type TaskStatus } from './model.ts';
import { deriveRequestStatus } from './request-status.ts';
import { makeTask } from './testing/fakes.ts';

const tasks = (...statuses: TaskStatus[]) =>
  statuses.map((status, index) => makeTask(`integration-${index}`, { status }));

const SUCCESS: ReadonlySet<TaskStatus> = new Set(['acknowledged', 'not_applicable']);

/** The rule of contract.md, spelled out independently of the implementation. */
function expected(statuses: readonly TaskStatus[]) {
  if (statuses.includes('failed')) return 'needs_attention';
  if (statuses.every((status) => SUCCESS.has(status))) return 'completed';
  return 'in_progress';
}

describe('deriveRequestStatus', () => {
  it('is completed when every task is acknowledged or not_applicable', () => {
    expect(deriveRequestStatus(tasks('acknowledged'))).toBe('completed');
    expect(deriveRequestStatus(tasks('not_applicable'))).toBe('completed');
    expect(deriveRequestStatus(tasks('acknowledged', 'not_applicable', 'acknowledged'))).toBe(
      'completed',
    );
  });

  it('is needs_attention when any task failed, whatever the others are', () => {
    expect(deriveRequestStatus(tasks('failed'))).toBe('needs_attention');
    expect(deriveRequestStatus(tasks('acknowledged', 'failed'))).toBe('needs_attention');
    expect(deriveRequestStatus(tasks('pending', 'retrying', 'failed'))).toBe('needs_attention');
  });

  it('is in_progress while any task is still open and none failed', () => {
    for (const open of ['pending', 'retrying', 'awaiting_ack'] as const) {
      expect(deriveRequestStatus(tasks(open))).toBe('in_progress');
      expect(deriveRequestStatus(tasks('acknowledged', 'not_applicable', open))).toBe(
        'in_progress',
      );
    }
  });

  it('follows the rule for every pair and triple of task statuses', () => {
    let checked = 0;
    for (const a of TASK_STATUSES) {
      for (const b of TASK_STATUSES) {
        expect(deriveRequestStatus(tasks(a, b)), `${a}, ${b}`).toBe(expected([a, b]));
        for (const c of TASK_STATUSES) {
          expect(deriveRequestStatus(tasks(a, b, c)), `${a}, ${b}, ${c}`).toBe(expected([a, b, c]));
          checked++;
        }
      }
    }
    expect(checked).toBe(6 ** 3);
  });
});
