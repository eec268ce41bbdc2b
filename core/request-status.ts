import type { RequestStatus, Task } from './model.ts';

/** contract.md: completed when every task succeeded, needs_attention while any failed. */
export function deriveRequestStatus(tasks: readonly Task[]): RequestStatus {
  if (tasks.some((task) => task.status === 'failed')) return 'needs_attention';
  if (tasks.every((task) => task.status === 'acknowledged' || task.status === 'not_applicable')) {
    return 'completed';
  }
  return 'in_progress';
}
