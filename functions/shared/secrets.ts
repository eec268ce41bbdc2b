import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ConfigurationError, type Env } from './env.ts';

/** The hub's own secrets: signing keys of upstream systems and the role tokens. */
export interface HubSecrets {
  /** Several at once during a rotation; each a Standard Webhooks `whsec_…` secret. */
  ingestSecrets: string[];
  opsToken: string;
  complianceToken: string;
  /** Key of the email hash kept after the purge. */
  emailHashKey: string;
}

const CACHE_SECONDS = 300;

/**
 * On AWS the secrets come from Secrets Manager (`HUB_SECRETS_ARN`, a JSON secret,
 * cached for 5 minutes so a rotation takes effect without a deploy); locally from
 * the environment the runner sets.
 */
export async function loadHubSecrets(env: Env): Promise<HubSecrets> {
  const source: Env = env.HUB_SECRETS_ARN
    ? ((await getSecret(env.HUB_SECRETS_ARN, {
        transform: 'json',
        maxAge: CACHE_SECONDS,
      })) as Env)
    : env;
  const ingest = source.HUB_INGEST_SECRET;
  const ops = source.HUB_OPS_TOKEN;
  const compliance = source.HUB_COMPLIANCE_TOKEN;
  const emailHashKey = source.HUB_EMAIL_HASH_KEY;
  // The email hash key must be its own: rotating the ingest secret must not orphan past lookups.
  if (!ingest || !ops || !compliance || !emailHashKey) {
    throw new ConfigurationError(
      'HUB_INGEST_SECRET, HUB_OPS_TOKEN, HUB_COMPLIANCE_TOKEN and HUB_EMAIL_HASH_KEY must be set (or HUB_SECRETS_ARN)',
    );
  }
  return {
    ingestSecrets: ingest.split(/[\s,]+/).filter(Boolean),
    opsToken: ops,
    complianceToken: compliance,
    emailHashKey,
  };
}

/**
 * On AWS each function names the vendor secrets it may read in `HUB_VENDOR_SECRETS`
 * (a JSON map of integration → secret ARN); each secret is a JSON object of the same
 * variables the local hub reads (`{"STRIPE_SECRET_KEY":"…"}`). They are laid over
 * the environment, cached for 5 minutes. Locally the map is absent and `env` is used as is.
 */
export async function withVendorSecrets(env: Env): Promise<Env> {
  const map = env.HUB_VENDOR_SECRETS
    ? (JSON.parse(env.HUB_VENDOR_SECRETS) as Record<string, string>)
    : {};
  const loaded = await Promise.all(
    Object.values(map).map(
      async (arn) =>
        ((await getSecret(arn, { transform: 'json', maxAge: CACHE_SECONDS })) ?? {}) as Env,
    ),
  );
  return Object.assign({}, env, ...loaded);
}
