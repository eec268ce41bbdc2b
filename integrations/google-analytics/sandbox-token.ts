import { createVerify } from 'node:crypto';
import { GOOGLE_TOKEN_URI } from './credentials.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** What the token endpoint decided about a service account's signed assertion. */
export type GrantDecision =
  | { ok: true; scopes: string[] }
  | { ok: false; error: 'invalid_grant' | 'unsupported_grant_type'; description: string };

/**
 * Google's OAuth token endpoint for service accounts (RFC 7523): the form carries
 * `grant_type=…jwt-bearer` and an RS256 `assertion` whose `iss` is the account, `aud` the
 * token URL and `scope` the scopes asked for. `publicKeys` maps account emails to PEM keys.
 */
export function decideJwtGrant(
  form: URLSearchParams,
  publicKeys: ReadonlyMap<string, string>,
  nowSeconds: number,
): GrantDecision {
  if (form.get('grant_type') !== JWT_BEARER) {
    return { ok: false, error: 'unsupported_grant_type', description: 'Invalid grant_type.' };
  }
  const [header, payload, signature] = (form.get('assertion') ?? '').split('.');
  if (!header || !payload || !signature) {
    return { ok: false, error: 'invalid_grant', description: 'Invalid JWT.' };
  }
  const claims = decodeJson(payload);
  const alg = decodeJson(header)?.alg;
  const publicKey = typeof claims?.iss === 'string' ? publicKeys.get(claims.iss) : undefined;
  if (alg !== 'RS256' || !claims || !publicKey) {
    return { ok: false, error: 'invalid_grant', description: 'Invalid JWT Signature.' };
  }
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(publicKey, Buffer.from(signature, 'base64url'))) {
    return { ok: false, error: 'invalid_grant', description: 'Invalid JWT Signature.' };
  }
  if (claims.aud !== GOOGLE_TOKEN_URI) {
    return { ok: false, error: 'invalid_grant', description: 'Invalid JWT: audience.' };
  }
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) {
    return {
      ok: false,
      error: 'invalid_grant',
      description: 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.',
    };
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  return { ok: true, scopes };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
