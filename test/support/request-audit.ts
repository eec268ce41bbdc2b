/** A task as `GET /v1/requests/{id}` shows it. */
export interface TaskView {
  integration: string;
  status: string;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  acknowledgedAt?: string;
}

/** A request as `GET /v1/requests/{id}` shows it. */
export interface RequestView {
  id: string;
  status: string;
  completedAt: string | null;
  tasks: TaskView[];
}

/** An audit event as `GET /v1/requests/{id}/events` shows it. */
export interface EventView {
  at: string;
  type: string;
  integration: string | null;
  vendorStatus: number | null;
  detail: string | null;
}

const OUTCOME_EVENTS = new Set(['acknowledged', 'not_applicable', 'failed', 'awaiting_ack']);

/**
 * Where a settled request's tasks and its audit trail disagree, in words; empty when they
 * agree:
 * - the last outcome event of each task is its status;
 * - an acknowledged task has exactly one `acknowledged` event, any other task none;
 * - `attempts` equals the number of recorded attempts (the `attempt` events one write
 *   appended share their time);
 * - a failed task says why.
 */
export function auditDisagreements(request: RequestView, events: readonly EventView[]): string[] {
  const problems: string[] = [];
  for (const task of request.tasks) {
    const own = events.filter((event) => event.integration === task.integration);
    const where = `${request.id}/${task.integration}`;
    const last = own.filter((event) => OUTCOME_EVENTS.has(event.type)).at(-1);
    if (last?.type !== task.status) {
      problems.push(`${where}: status ${task.status}, last outcome event ${last?.type ?? 'none'}`);
    }
    const acknowledgements = own.filter((event) => event.type === 'acknowledged').length;
    const expected = task.status === 'acknowledged' ? 1 : 0;
    if (acknowledgements !== expected) {
      problems.push(`${where}: ${acknowledgements} acknowledged events (status ${task.status})`);
    }
    const attemptGroups = new Set(
      own.filter((event) => event.type === 'attempt').map((event) => event.at),
    ).size;
    if (attemptGroups !== task.attempts) {
      problems.push(`${where}: attempts ${task.attempts}, recorded attempts ${attemptGroups}`);
    }
    if (task.status === 'failed' && !task.lastError) {
      problems.push(`${where}: failed without a reason`);
    }
  }
  return problems;
}

/** How often each value occurs: `{acknowledged: 597, failed: 3}`. */
export function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
