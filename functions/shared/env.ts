export type Env = Readonly<Record<string, string | undefined>>;

/** Thrown at start when configuration is missing or wrong; names the variable. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function requireEnv(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new ConfigurationError(`${name} must be set`);
  }
  return value;
}

export function numberEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigurationError(`${name} must be a non-negative number, got "${raw}"`);
  }
  return value;
}

export function flagEnv(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new ConfigurationError(`${name} must be 1 or 0, got "${raw}"`);
}
