import { createHash } from 'node:crypto';
import { normalizeEmail } from '../../core/masking.ts';
import type { Changes, RequestType, Subject } from '../../core/model.ts';
import type { ActionInput } from '../contract.ts';

/**
 * The body the hub POSTs to a partner (contract.md "What the hub sends out"). The
 * subject goes out raw: acting on it is the partner's job, and the URL is https.
 */
export interface DsrNotification {
  type: `dsr.${RequestType}`;
  requestId: string;
  subject: Subject;
  changes?: Changes;
  deadline: string;
  ackUrl: string;
}

/**
 * The `webhook-id` of one request's notification to one recipient: the same on every
 * redelivery, so the recipient can drop a repeat (Standard Webhooks idempotency key).
 */
export function notificationId(
  requestId: string,
  integration: string,
  type: RequestType,
  reminder = 0,
): string {
  // A reminder is a new message, so a partner that de-duplicates by webhook-id still sees it.
  const suffix = reminder > 0 ? `\u0000reminder ${reminder}` : '';
  const digest = createHash('sha256')
    .update(`${requestId}\u0000${integration}\u0000${type}${suffix}`)
    .digest('hex');
  return `msg_${digest.slice(0, 32)}`;
}

/** Builds the notification for one action; `changes` only travels with a rectification. */
export function dsrNotification(input: ActionInput, ackUrl: string): DsrNotification {
  const subject: Subject = {};
  if (input.subject.email) subject.email = normalizeEmail(input.subject.email);
  if (input.subject.ids) subject.ids = input.subject.ids;
  const notification: DsrNotification = {
    type: `dsr.${input.type}`,
    requestId: input.requestId,
    subject,
    deadline: input.deadline,
    ackUrl,
  };
  if (input.type === 'rectification' && input.changes) notification.changes = input.changes;
  return notification;
}
