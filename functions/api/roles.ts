import { createHash, timingSafeEqual } from 'node:crypto';
import { Problem } from './problem.ts';

export type Role = 'ops' | 'compliance';

/** Who may call what: compliance reads and reports, ops also acts. */
export interface RoleTokens {
  opsToken: string;
  complianceToken: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The role tokens as SHA-256 digests: all the API keeps of them. */
export interface RoleDigests {
  ops: Buffer;
  compliance: Buffer;
}

const cache = new WeakMap<RoleTokens, RoleDigests>();

export function roleDigests(tokens: RoleTokens): RoleDigests {
  let digests = cache.get(tokens);
  if (!digests) {
    digests = { ops: digest(tokens.opsToken), compliance: digest(tokens.complianceToken) };
    cache.set(tokens, digests);
  }
  return digests;
}

/** Tokens are compared as SHA-256 digests in constant time, so neither length nor content leaks. */
export function authenticate(authorization: string | undefined, tokens: RoleTokens): Role {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw new Problem(401, 'A bearer token is required');
  const presented = digest(match[1]);
  const digests = roleDigests(tokens);
  const isOps = timingSafeEqual(presented, digests.ops);
  const isCompliance = timingSafeEqual(presented, digests.compliance);
  if (isOps) return 'ops';
  if (isCompliance) return 'compliance';
  throw new Problem(401, 'The bearer token is not valid');
}

export function requireRole(role: Role, allowed: readonly Role[]): void {
  if (!allowed.includes(role)) {
    throw new Problem(403, `This needs the ${allowed.join(' or ')} role`);
  }
}
