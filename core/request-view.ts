import { isOverdue } from './deadline.ts';
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
  completedAt: string | null;
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
    completedAt: request.completedAt ?? null,
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
