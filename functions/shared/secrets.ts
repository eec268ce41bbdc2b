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
  if (!ingest || !ops || !compliance) {
    throw new ConfigurationError(
      'HUB_INGEST_SECRET, HUB_OPS_TOKEN and HUB_COMPLIANCE_TOKEN must be set (or HUB_SECRETS_ARN)',
    );
  }
  return {
    ingestSecrets: ingest.split(/[\s,]+/).filter(Boolean),
    opsToken: ops,
    complianceToken: compliance,
    emailHashKey: source.HUB_EMAIL_HASH_KEY ?? ingest,
  };
}
