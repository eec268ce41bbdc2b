/** The three rights this hub carries out: GDPR Art. 17, 16 and 18. */
export const REQUEST_TYPES = ['erasure', 'rectification', 'restriction'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const TASK_STATUSES = [
  'pending',
  'retrying',
  'awaiting_ack',
  'acknowledged',
  'not_applicable',
  'failed',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const REQUEST_STATUSES = ['in_progress', 'completed', 'needs_attention'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const TERMINAL_TASK_STATUSES: ReadonlySet<TaskStatus> = new Set([
  'acknowledged',
  'not_applicable',
  'failed',
]);

/** Identifiers a request may carry, keyed as in contract.md. */
export interface SubjectIds {
  auth0?: string;
  stripe?: string;
  github?: string;
  githubRepos?: string[];
  githubToken?: string;
  googleAnalytics?: string[];
  matrix?: string;
  inlineManual?: string;
}

export interface Subject {
  email?: string;
  ids?: SubjectIds;
}

export interface Changes {
  email?: string;
  name?: string;
  phone?: string;
}

/** What a vendor's answer proves. `detail` never holds a raw identifier. */
export interface Evidence {
  vendorStatus?: number;
  detail: string;
  /** What the vendor keeps despite the action, and the legal reason. */
  retained?: string;
  verification?: 'verified' | 'unverifiable';
  verificationDetail?: string;
}

/** A claim on a task by one worker invocation; stops two workers running it at once. */
export interface Lease {
  owner: string;
  until: string;
}

export interface Task {
  integration: string;
  status: TaskStatus;
  attempts: number;
  /** Attempts that failed for a reason other than a vendor-announced rate limit. */
  failures: number;
  /** Rate-limit answers in a row; they back off but do not use up the schedule. */
  throttles: number;
  nextAttemptAt?: string;
  /** Latest time a worker should pick the task up; after it the reconciler re-sends the message. */
  pickupBy?: string;
  /** Messages the reconciler re-sent since a worker last picked the task up. */
  redispatches?: number;
  lease?: Lease;
  lastError?: string;
  acknowledgedAt?: string;
  reason?: string;
  evidence?: Evidence;
  /** Changes the vendor confirmed in earlier attempts (e.g. `DELETE /v1/customers/cus_ab… 200`). */
  effects?: string[];
  /** When the task first started waiting for its recipient's confirmation. */
  awaitingSince?: string;
  /** Reminders sent to a recipient who has not confirmed. */
  reminders?: number;
  /** When the hub reported that the recipient stayed silent as the deadline neared. */
  silenceReportedAt?: string;
  /** Bumped by each redrive or retry, so that a new ack link replaces a used or lost one. */
  ackGeneration?: number;
  /** SHA-256 of the single-use ack token, for manual and partner tasks. */
  ackTokenHash?: string;
}

export const AUDIT_EVENT_TYPES = [
  'received',
  'attempt',
  'retry_scheduled',
  'acknowledged',
  'not_applicable',
  'failed',
  'awaiting_ack',
  'ack_received',
  'redrive',
  'retry',
  'extended',
  'callback_sent',
  'callback_failed',
  'reminder',
  'purged',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditEvent {
  at: string;
  type: AuditEventType;
  integration?: string;
  actor: string;
  vendorStatus?: number;
  detail?: string;
  prevHash: string;
  hash: string;
}

/** One data-subject request with its tasks and audit trail: one DynamoDB item. */
export interface DsrRequest {
  id: string;
  type: RequestType;
  status: RequestStatus;
  receivedAt: string;
  requestedAt: string;
  deadline: string;
  completedAt?: string;
  /** Raw identifiers; removed by the purge after completion plus retention. */
  subject?: Subject;
  subjectMasked: { email?: string };
  /** Keyed hash of the normalized email, kept after the purge. */
  emailHash?: string;
  changes?: Changes;
  callbackUrl?: string;
  /** SHA-256 of the canonical submitted body: the idempotency fingerprint. */
  bodyHash: string;
  tasks: Record<string, Task>;
  events: AuditEvent[];
  /** Art. 12(3): one extension of up to two further months, with a reason. */
  extension?: { months: number; reason: string; at: string; originalDeadline: string };
  /** A completion callback owed to upstream for the latest completed/needs_attention state. */
  callback?: CallbackState;
  /** When the reconciler first saw the request overdue, and due soon. */
  overdueSince?: string;
  dueSoonSince?: string;
  /** When the raw identifiers were purged (completion plus retention). */
  purgedAt?: string;
  /** Optimistic-concurrency counter: every write is conditional on it. */
  version: number;
}

export interface CallbackState {
  /** The request status the callback reports. */
  status: RequestStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
}
