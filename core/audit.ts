import { createHash } from 'node:crypto';
import type { AuditEvent } from './model.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type NewAuditEvent = Omit<AuditEvent, 'hash' | 'prevHash'>;

/** The hash of one event: SHA-256 over its predecessor's hash and its own fields, in a fixed order. */
export function hashEvent(event: NewAuditEvent, prevHash: string): string {
  const canonical = JSON.stringify([
    prevHash,
    event.at,
    event.type,
    event.integration ?? null,
    event.actor,
    event.vendorStatus ?? null,
    event.detail ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Appends events to a trail, chaining each to the one before it. */
export function chainEvents(trail: readonly AuditEvent[], added: readonly NewAuditEvent[]) {
  const result = [...trail];
  for (const event of added) {
    const prevHash = result.at(-1)?.hash ?? GENESIS_HASH;
    result.push({ ...event, prevHash, hash: hashEvent(event, prevHash) });
  }
  return result;
}

/** Whether every event's hash matches its content and its predecessor: an edit or deletion breaks it. */
export function verifyChain(trail: readonly AuditEvent[]): { valid: boolean; brokenAt?: number } {
  let prevHash = GENESIS_HASH;
  for (const [index, event] of trail.entries()) {
    if (event.prevHash !== prevHash || hashEvent(event, prevHash) !== event.hash) {
      return { valid: false, brokenAt: index };
    }
    prevHash = event.hash;
  }
  return { valid: true };
}
