import { z } from 'zod';
import type { Env } from '../contract.ts';
import { readAllowPrivateTargets } from '../outbound/env.ts';
import { describeIssues, webhookSecretSchema, webhookUrlSchema } from './endpoint-schema.ts';

/** One webhook partner or internal system, from HUB_PARTNERS. */
export interface PartnerConfig {
  /** Lower-case letters, digits and hyphens; the integration is `partner:<name>`. */
  name: string;
  /** Where notifications are POSTed. */
  url: string;
  /** Standard Webhooks secret (`whsec_…`) the partner verifies signatures with. */
  secret: string;
  /**
   * HUB_ALLOW_PRIVATE_TARGETS=1: the URL may be plain http to a private address.
   * @default false
   */
  allowPrivateTargets: boolean;
}

/** HUB_PARTNERS is missing pieces or malformed; the message names the variable. */
export class PartnerConfigError extends Error {
  override name = 'PartnerConfigError';
}

const PARTNER_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

function partnersSchema(allowPrivateTargets: boolean) {
  return z
    .array(
      z.strictObject({
        name: z
          .string()
          .regex(PARTNER_NAME, 'lower-case letters, digits and hyphens, at most 63 characters'),
        url: webhookUrlSchema(allowPrivateTargets),
        secret: webhookSecretSchema,
      }),
    )
    .superRefine((partners, context) => {
      const seen = new Set<string>();
      partners.forEach((partner, index) => {
        if (seen.has(partner.name)) {
          context.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `"${partner.name}" appears twice`,
          });
        }
        seen.add(partner.name);
      });
    });
}

/**
 * Reads HUB_PARTNERS: a JSON array of `{"name","url","secret"}`. Unset or empty means
 * no partners; anything malformed throws a PartnerConfigError naming the variable.
 */
export function readPartners(env: Env): PartnerConfig[] {
  const raw = env.HUB_PARTNERS?.trim();
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new PartnerConfigError('HUB_PARTNERS must be a JSON array of {"name","url","secret"}');
  }
  const allowPrivateTargets = readAllowPrivateTargets(env);
  const result = partnersSchema(allowPrivateTargets).safeParse(parsed);
  if (!result.success) {
    throw new PartnerConfigError(`HUB_PARTNERS is invalid: ${describeIssues(result.error)}`);
  }
  return result.data.map((partner) => ({ ...partner, allowPrivateTargets }));
}
