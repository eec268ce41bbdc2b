import { isDueSoon, isOverdue } from './deadline.ts';
import type { DsrRequest, Task } from './model.ts';

/** A task as the public API shows it (contract.md). */
export interface TaskView {
  integration: string;
  status: Task['status'];
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  acknowledgedAt?: string;
  reason?: string;
  evidence?: Task['evidence'];
}

export interface RequestView {
  id: string;
  type: DsrRequest['type'];
  status: DsrRequest['status'];
  receivedAt: string;
  requestedAt: string;
  deadline: string;
  overdue: boolean;
  /** Under 7 days left and not completed. */
  dueSoon: boolean;
  /** Set when ops extended the deadline (Art. 12(3)). */
  extension?: { months: number; reason: string; originalDeadline: string };
  completedAt: string | null;
  /** When the raw identifiers were purged; the masked subject and evidence stay. */
  purgedAt?: string;
  subject: { email?: string };
  tasks: TaskView[];
}

/** The request resource: masked subject, no tokens, no raw identifiers. */
export function toRequestView(request: DsrRequest, now: Date): RequestView {
  return {
    id: request.id,
    type: request.type,
    status: request.status,
    receivedAt: request.receivedAt,
    requestedAt: request.requestedAt,
    deadline: request.deadline,
    overdue: isOverdue(request.deadline, request.status === 'completed', now),
    dueSoon: isDueSoon(request.deadline, request.status === 'completed', now),
    ...(request.extension
      ? {
          extension: {
            months: request.extension.months,
            reason: request.extension.reason,
            originalDeadline: request.extension.originalDeadline,
          },
        }
      : {}),
    completedAt: request.completedAt ?? null,
    ...(request.purgedAt ? { purgedAt: request.purgedAt } : {}),
    subject: request.subjectMasked,
    tasks: Object.values(request.tasks).map(toTaskView),
  };
}

function toTaskView(task: Task): TaskView {
  const view: TaskView = {
    integration: task.integration,
    status: task.status,
    attempts: task.attempts,
  };
  if (task.status === 'retrying' && task.nextAttemptAt) view.nextAttemptAt = task.nextAttemptAt;
  if (task.lastError) view.lastError = task.lastError;
  if (task.acknowledgedAt) view.acknowledgedAt = task.acknowledgedAt;
  if (task.reason) view.reason = task.reason;
  if (task.evidence) view.evidence = task.evidence;
  return view;
}
