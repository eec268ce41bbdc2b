import { REQUEST_TYPES } from '../../core/model.ts';
import type { Env, IntegrationDescriptor } from '../contract.ts';
import { type PartnerConfig, readPartners } from './config.ts';

const PREFIX = 'partner:';

/** A partner's own limit is unknown: a modest default that `PARTNER_<NAME>_RATE_LIMIT` overrides. */
const DEFAULT_PARTNER_RATE = 5;

/** `crm` → `partner:crm`, the integration name in requests and on the dashboard. */
export function partnerIntegrationName(partner: string): string {
  return `${PREFIX}${partner}`;
}

/** `sandbox-partner` → `PARTNER_SANDBOX_PARTNER_RATE_LIMIT` (contract.md `<VENDOR>_RATE_LIMIT`). */
export function partnerRateLimitVar(partner: string): string {
  return `PARTNER_${partner.toUpperCase().replaceAll('-', '_')}_RATE_LIMIT`;
}

/**
 * One webhook partner or internal system (website hosting, mailboxes, CRM, backups):
 * notified by a signed webhook, done when it confirms through the ack URL.
 */
export function partnerDescriptor(partner: string): IntegrationDescriptor<PartnerConfig> {
  return {
    name: partnerIntegrationName(partner),
    title: `Partner: ${partner}`,
    mode: 'manual',
    configuredTargets: true,
    supports: REQUEST_TYPES,
    rateLimit: { perSecond: DEFAULT_PARTNER_RATE, envVar: partnerRateLimitVar(partner) },
    configure(env: Env): PartnerConfig | undefined {
      return readPartners(env).find((config) => config.name === partner);
    },
  };
}

/** The descriptors of every partner in HUB_PARTNERS; throws if the variable is malformed. */
export function partnerDescriptors(env: Env): IntegrationDescriptor<PartnerConfig>[] {
  return readPartners(env).map((config) => partnerDescriptor(config.name));
}
