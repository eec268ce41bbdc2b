import { createHash, timingSafeEqual } from 'node:crypto';
import { Problem } from './problem.ts';

export type Role = 'ops' | 'compliance';

/** Who may call what: compliance reads and reports, ops also acts. */
export interface RoleTokens {
  opsToken: string;
  complianceToken: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Tokens are compared as SHA-256 digests in constant time, so neither length nor content leaks. */
function sameToken(presented: Buffer, expected: string): boolean {
  return timingSafeEqual(presented, digest(expected));
}

export function authenticate(authorization: string | undefined, tokens: RoleTokens): Role {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw new Problem(401, 'A bearer token is required');
  const presented = digest(match[1]);
  if (sameToken(presented, tokens.opsToken)) return 'ops';
  if (sameToken(presented, tokens.complianceToken)) return 'compliance';
  throw new Problem(401, 'The bearer token is not valid');
}

export function requireRole(role: Role, allowed: readonly Role[]): void {
  if (!allowed.includes(role)) {
    throw new Problem(403, `This needs the ${allowed.join(' or ')} role`);
  }
}
