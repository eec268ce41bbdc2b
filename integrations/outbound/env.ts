import type { Env } from '../contract.ts';

/**
 * Reads HUB_ALLOW_PRIVATE_TARGETS (contract.md): `1` lets partner and callback URLs be
 * plain http to loopback or private addresses, for local testing; `0` or unset does
 * not. Anything else is a configuration error.
 */
export function readAllowPrivateTargets(env: Env): boolean {
  const value = env.HUB_ALLOW_PRIVATE_TARGETS?.trim();
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return true;
  throw new Error(`HUB_ALLOW_PRIVATE_TARGETS must be 0 or 1, got "${value}"`);
}
