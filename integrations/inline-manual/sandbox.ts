import type { SandboxDefinition } from '../contract.ts';
import { bearerToken, json, noContent, type SandboxResponse } from '../sandbox-kit/http.ts';
import { SandboxServer, type VendorBehaviour } from '../sandbox-kit/server.ts';

/** Credentials the sandbox accepts; `env()` hands the write token to `configure`. */
export const SANDBOX_SITE_KEY = 'sbx-site-4f1c';
export const SANDBOX_WRITE_TOKEN = 'im-sandbox-write-token';
export const SANDBOX_READ_TOKEN = 'im-sandbox-read-token';

/** A people-tracking profile, keyed by the `uid` the app passes to the player. */
export interface SandboxProfile {
  uid: string;
  email?: string;
  name?: string;
}

// Ada's and Grace's apps identify them by email, as many do; Linus by a numeric id.
function demoProfiles(): SandboxProfile[] {
  return [
    { uid: 'ada@example.com', email: 'ada@example.com', name: 'Ada Lovelace' },
    { uid: 'grace@example.com', email: 'grace@example.com', name: 'Grace Hopper' },
    { uid: '1003', email: 'linus@example.com', name: 'Linus Torvalds' },
  ];
}

/**
 * Inline Manual's profile API as the hub's default template assumes it (the real
 * paths and codes are unconfirmed): `GET`/`DELETE /api/v1/sites/{siteKey}/profiles/{uid}`,
 * bearer site tokens with or without write access, errors as `{"errors": [...]}`
 * (the shape Inline Manual's own API libraries read).
 */
function siteBehaviour(keepData: () => boolean): VendorBehaviour {
  const profiles = new Map<string, SandboxProfile>();
  const reset = () => {
    profiles.clear();
    for (const profile of demoProfiles()) profiles.set(profile.uid, profile);
  };
  reset();

  return {
    name: 'inline-manual',
    rateLimit: 5,
    rateLimited(retryAfterMs, withHint) {
      const headers = withHint
        ? { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) }
        : undefined;
      return json(429, { errors: ['Too many requests'] }, headers);
    },
    serverError() {
      return json(500, { errors: ['Internal server error'] });
    },
    handle(request) {
      const match = /^\/api\/v1\/sites\/([^/]+)\/profiles\/([^/]+)$/.exec(request.path);
      if (!match) return failure(404, 'Not found');
      const token = bearerToken(request.headers);
      if (token !== SANDBOX_WRITE_TOKEN && token !== SANDBOX_READ_TOKEN) {
        return failure(401, 'Invalid API token');
      }
      if (decodeURIComponent(match[1] ?? '') !== SANDBOX_SITE_KEY) {
        return failure(403, 'The API token does not belong to this site');
      }
      const uid = decodeURIComponent(match[2] ?? '');
      const profile = profiles.get(uid);
      if (request.method === 'GET') {
        return profile ? json(200, { profile }) : failure(404, 'Profile not found');
      }
      if (request.method !== 'DELETE') return failure(405, 'Method not allowed');
      if (token !== SANDBOX_WRITE_TOKEN) return failure(403, 'The API token has no write access');
      if (!profile) return failure(404, 'Profile not found');
      if (!keepData()) profiles.delete(uid);
      return noContent();
    },
    seed(data) {
      for (const profile of (data as { profiles?: SandboxProfile[] }).profiles ?? []) {
        profiles.set(profile.uid, profile);
      }
    },
    reset,
    state() {
      return { siteKey: SANDBOX_SITE_KEY, profiles: [...profiles.values()] };
    },
  };
}

function failure(status: number, message: string): SandboxResponse {
  return json(status, { errors: [message] });
}

/** An Inline Manual-like profile API for local runs and tests. */
export const sandbox: SandboxDefinition = {
  integration: 'inline-manual',
  async start(options) {
    const server: SandboxServer = new SandboxServer(
      siteBehaviour(() => server.keepDataOnDelete),
      options,
    );
    return server.listen();
  },
  env(baseUrl) {
    return {
      INLINE_MANUAL_BASE_URL: baseUrl,
      INLINE_MANUAL_API_TOKEN: SANDBOX_WRITE_TOKEN,
      INLINE_MANUAL_SITE_KEY: SANDBOX_SITE_KEY,
    };
  },
};
