import { verifyChain } from './audit.ts';
import type { AuditEvent, DsrRequest } from './model.ts';
import { type RequestView, toRequestView } from './request-view.ts';

export interface EvidencePack {
  request: RequestView;
  events: AuditEvent[];
  finalStates: {
    integration: string;
    status: string;
    acknowledgedAt: string | null;
    evidence: unknown;
  }[];
  chainValid: boolean;
  /** Index of the first event whose hash does not match, when the chain is broken. */
  brokenAt?: number;
  generatedAt: string;
}

/** What an auditor gets for one request: the masked request, every hashed event, and whether the chain holds. */
export function buildEvidencePack(request: DsrRequest, now: Date): EvidencePack {
  const check = verifyChain(request.events);
  return {
    request: toRequestView(request, now),
    events: request.events,
    finalStates: Object.values(request.tasks).map((task) => ({
      integration: task.integration,
      status: task.status,
      acknowledgedAt: task.acknowledgedAt ?? null,
      evidence: task.evidence ?? (task.reason ? { detail: task.reason } : null),
    })),
    chainValid: check.valid,
    ...(check.brokenAt === undefined ? {} : { brokenAt: check.brokenAt }),
    generatedAt: now.toISOString(),
  };
}
