import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LocalSecrets {
  HUB_INGEST_SECRET: string;
  HUB_OPS_TOKEN: string;
  HUB_COMPLIANCE_TOKEN: string;
  HUB_EMAIL_HASH_KEY: string;
}

const FILE = 'hub-secrets.json';

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The local hub's secrets: taken from the environment when set, otherwise
 * generated once and kept in the data directory (mode 0600) so that they survive
 * a restart.
 */
export async function loadLocalSecrets(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<LocalSecrets> {
  const path = join(dataDir, FILE);
  let stored: Partial<LocalSecrets> = {};
  try {
    stored = JSON.parse(await readFile(path, 'utf8')) as Partial<LocalSecrets>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const generated: LocalSecrets = {
    HUB_INGEST_SECRET: stored.HUB_INGEST_SECRET ?? newWebhookSecret(),
    HUB_OPS_TOKEN: stored.HUB_OPS_TOKEN ?? `ops_${randomBytes(24).toString('base64url')}`,
    HUB_COMPLIANCE_TOKEN:
      stored.HUB_COMPLIANCE_TOKEN ?? `cmp_${randomBytes(24).toString('base64url')}`,
    HUB_EMAIL_HASH_KEY: stored.HUB_EMAIL_HASH_KEY ?? randomBytes(32).toString('base64'),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600 });
  return {
    HUB_INGEST_SECRET: env.HUB_INGEST_SECRET || generated.HUB_INGEST_SECRET,
    HUB_OPS_TOKEN: env.HUB_OPS_TOKEN || generated.HUB_OPS_TOKEN,
    HUB_COMPLIANCE_TOKEN: env.HUB_COMPLIANCE_TOKEN || generated.HUB_COMPLIANCE_TOKEN,
    HUB_EMAIL_HASH_KEY: env.HUB_EMAIL_HASH_KEY || generated.HUB_EMAIL_HASH_KEY,
  };
}
