import { GENESIS_HASH, hashEvent, verifyChain } from '../core/audit.ts';
import type { AuditEvent } from '../core/model.ts';
import type { ChainedEvent, EvidencePack } from './api-types.ts';
import { CliError, EXIT } from './hub-client.ts';

/** The verdict on one evidence pack, reached here and not taken from the hub. */
export interface ChainVerdict {
  requestId: string;
  valid: boolean;
  events: number;
  /** The last event's hash: record it to detect later truncation or a rewritten chain. */
  headHash: string | null;
  /** 0-based index of the first event that fails, when broken. */
  brokenAt?: number;
  brokenEvent?: ChainedEvent;
  reason?: string;
  /** What the pack itself claims; informative only. */
  claimedValid: boolean | null;
}

/** Re-computes the SHA-256 chain over the pack's events with core/audit.ts. */
export function checkEvidence(pack: EvidencePack): ChainVerdict {
  const events = pack.events;
  const base = {
    requestId: pack.request.id,
    events: events.length,
    headHash: events.at(-1)?.hash ?? null,
    claimedValid: typeof pack.chainValid === 'boolean' ? pack.chainValid : null,
  };
  if (events.length === 0) {
    return {
      ...base,
      valid: false,
      reason: 'the trail is empty: every request records at least its receipt',
    };
  }
  // Null and absent are hashed alike (core/audit.ts), so the API's nulls need no mapping.
  const result = verifyChain(events as unknown as AuditEvent[]);
  if (result.valid) return { ...base, valid: true };
  const index = result.brokenAt ?? 0;
  const event = events[index] as ChainedEvent;
  const expectedPrev = index === 0 ? GENESIS_HASH : (events[index - 1] as ChainedEvent).hash;
  const reason =
    event.prevHash !== expectedPrev
      ? index === 0
        ? 'it does not start the chain: events before it were removed'
        : 'its prevHash is not the hash of the event before it: an event was removed, inserted or reordered'
      : hashEvent(event as unknown as AuditEvent, expectedPrev) !== event.hash
        ? 'its hash does not match its content: the event was edited'
        : 'it does not chain';
  return { ...base, valid: false, brokenAt: index, brokenEvent: event, reason };
}

/** Accepts a parsed JSON value as an evidence pack, or says why it is not one. */
export function asEvidencePack(
  value: unknown,
  source: string,
  exitCode: number = EXIT.usage,
): EvidencePack {
  const pack = value as Partial<EvidencePack> | null;
  if (
    !pack ||
    typeof pack !== 'object' ||
    !Array.isArray(pack.events) ||
    typeof pack.request?.id !== 'string' ||
    pack.events.some((event) => !event || typeof event !== 'object')
  ) {
    throw new CliError(
      `${source} is not an evidence pack (expected {"request": {"id"}, "events": [...]})`,
      exitCode,
    );
  }
  return pack as EvidencePack;
}

/** A few lines a person can read, naming the first broken event. */
export function describeVerdict(verdict: ChainVerdict): string {
  const head = verdict.headHash ? `; head hash ${verdict.headHash}` : '';
  if (verdict.valid) {
    return `${verdict.requestId}: hash chain VALID (${verdict.events} events${head})`;
  }
  const lines = [`${verdict.requestId}: hash chain BROKEN`];
  const event = verdict.brokenEvent;
  if (verdict.brokenAt !== undefined && event) {
    lines.push(
      `first broken event: #${verdict.brokenAt + 1} of ${verdict.events}: ${event.at} ${event.type}${event.integration ? ` ${event.integration}` : ''} by ${event.actor}`,
    );
  }
  lines.push(`why: ${verdict.reason ?? 'unknown'}`);
  return lines.join('\n');
}
