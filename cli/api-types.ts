import type { RequestView } from '../core/request-view.ts';

/**
 * The request resource with the fields docs/api.md adds to contract.md's. Both
 * spellings of an extension are read: docs/api.md's `extendedUntil`/`extensionReason`
 * and the hub's `extension` object (with `deadline` already moved).
 */
export type HubRequest = RequestView & {
  dueSoon?: boolean;
  extendedUntil?: string;
  extensionReason?: string;
  extension?: { months: number; reason: string; originalDeadline?: string };
  purgedAt?: string;
};

/** The deadline in force, after any extension. */
export function effectiveDeadline(request: HubRequest): string {
  return request.extendedUntil ?? request.deadline;
}

/** Why the deadline was extended, when it was. */
export function extensionReason(request: HubRequest): string | undefined {
  return request.extensionReason ?? request.extension?.reason;
}

/** `GET /v1/requests`: one page, newest first. */
export interface RequestPage {
  items: HubRequest[];
  nextCursor: string | null;
}

/** One audit event as `GET /v1/requests/{id}/events` shows it. */
export interface EventItem {
  at: string;
  type: string;
  integration: string | null;
  actor: string;
  vendorStatus: number | null;
  detail: string | null;
}

/** An audit event in the evidence pack, with its place in the hash chain. */
export interface ChainedEvent extends EventItem {
  prevHash: string;
  hash: string;
}

/** `GET /v1/requests/{id}/evidence`. */
export interface EvidencePack {
  request: HubRequest;
  events: ChainedEvent[];
  finalStates: unknown[];
  chainValid: boolean;
  generatedAt: string;
}

export interface IntegrationCounts {
  pending: number;
  retrying: number;
  awaiting_ack: number;
  failed: number;
}

/** One row of `GET /v1/integrations`. */
export interface IntegrationItem {
  name: string;
  title?: string;
  mode: 'automatic' | 'manual';
  supports: string[];
  counts: IntegrationCounts;
  queueDepth: number | null;
}

/** `POST /v1/integrations/{name}/redrive`. */
export interface RedriveAnswer {
  integration: string;
  redriven: number;
}
