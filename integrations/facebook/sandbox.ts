import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { SandboxDefinition } from '../contract.ts';
import { bearerToken, json, parseJson, type SandboxRequest } from '../sandbox-kit/http.ts';
import { SandboxServer, type VendorBehaviour } from '../sandbox-kit/server.ts';
import { emailSha256 } from './email-hash.ts';
import {
  businessUseCaseUsage,
  customAudienceThrottled,
  invalidParameter,
  invalidProof,
  invalidToken,
  missingProof,
  missingToken,
  temporarilyUnavailable,
  unknownObject,
  unknownPath,
} from './sandbox-errors.ts';

/** The system-user token and app secret `env()` hands to `configure`. */
export const FACEBOOK_SANDBOX_TOKEN = 'EAAsandboxDsrHubSystemUserToken';
export const FACEBOOK_SANDBOX_APP_SECRET = 'sandbox-app-secret';
/** The demo audiences: newsletter subscribers and customers. */
export const FACEBOOK_SANDBOX_AUDIENCES = ['23850000000000001', '23850000000000002'] as const;

// The Development tier's custom-audience allowance per hour, for the usage header's percentage.
const HOURLY_CALLS = 5000;
const USERS_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/users$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** What `POST /__sandbox/seed` accepts: audiences to add, by id, with emails or hashes. */
export interface FacebookSeed {
  audiences?: Record<string, { name?: string; emails?: string[]; hashes?: string[] }>;
}

interface SandboxAudience {
  name: string;
  hashes: Set<string>;
}

function demoAudiences(): Map<string, SandboxAudience> {
  const people = ['ada@example.com', 'grace@example.com'].map(emailSha256);
  const [newsletter, customers] = FACEBOOK_SANDBOX_AUDIENCES;
  return new Map([
    [newsletter, { name: 'Newsletter subscribers', hashes: new Set(people) }],
    [customers, { name: 'Customers', hashes: new Set(people) }],
  ]);
}

/** Graph API parameters: the query, then a form or JSON body. */
function graphParams(request: SandboxRequest): Map<string, unknown> {
  const params = new Map<string, unknown>(request.query);
  const contentType = String(request.headers['content-type'] ?? '');
  if (contentType.includes('application/json')) {
    for (const [key, value] of Object.entries((parseJson(request.body) ?? {}) as object)) {
      params.set(key, value);
    }
  } else if (request.body) {
    for (const [key, value] of new URLSearchParams(request.body)) params.set(key, value);
  }
  return params;
}

/** The `{"schema": "EMAIL_SHA256", "data": [...]}` payload, or why it is refused. */
function readPayload(raw: unknown): { data: unknown[] } | { refusal: string } {
  if (raw === undefined) return { refusal: 'The parameter payload is required' };
  const payload = typeof raw === 'string' ? parseJson(raw) : raw;
  if (!payload || typeof payload !== 'object') return { refusal: 'Invalid parameter: payload' };
  const { schema, data } = payload as { schema?: unknown; data?: unknown };
  if (schema !== 'EMAIL_SHA256' && schema !== 'EMAIL') return { refusal: 'Invalid schema' };
  if (!Array.isArray(data) || data.length === 0 || data.length > 10_000) {
    return { refusal: 'Invalid parameter: data must hold 1 to 10000 entries' };
  }
  return { data };
}

/**
 * The Graph API's Custom Audience users edge: `DELETE` and `POST /v{N}.0/{audience_id}/users`
 * with Meta's 400-with-code errors, token and appsecret_proof checks, and the
 * `X-Business-Use-Case-Usage` header.
 */
export function createFacebookBehaviour(options: { keepData: () => boolean }): VendorBehaviour {
  let audiences = demoAudiences();
  const calls: number[] = [];

  function authenticate(params: Map<string, unknown>, request: SandboxRequest) {
    const token = params.get('access_token') ?? bearerToken(request.headers);
    if (typeof token !== 'string' || token === '') return missingToken();
    if (token !== FACEBOOK_SANDBOX_TOKEN) return invalidToken();
    const proof = params.get('appsecret_proof');
    if (typeof proof !== 'string') return missingProof();
    const expected = createHmac('sha256', FACEBOOK_SANDBOX_APP_SECRET).update(token).digest();
    const given = Buffer.from(proof, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return invalidProof();
    return undefined;
  }

  function changeUsers(request: SandboxRequest, audienceId: string) {
    const params = graphParams(request);
    const refused = authenticate(params, request);
    if (refused) return refused;
    const audience = audiences.get(audienceId);
    if (!audience) return unknownObject(request.method, audienceId);
    const payload = readPayload(params.get('payload'));
    if ('refusal' in payload) return invalidParameter(payload.refusal);

    const valid = payload.data.filter(
      (entry): entry is string => typeof entry === 'string' && SHA256_HEX.test(entry),
    );
    const invalid = payload.data.length - valid.length;
    for (const hash of valid) {
      if (request.method === 'POST') audience.hashes.add(hash);
      else if (!options.keepData()) audience.hashes.delete(hash);
    }
    const now = Date.now();
    calls.push(now);
    while ((calls[0] ?? now) <= now - 3_600_000) calls.shift();
    const usage = Math.min(100, Math.round((calls.length / HOURLY_CALLS) * 100));
    return json(
      200,
      {
        audience_id: audienceId,
        session_id: String(randomInt(1, 2 ** 47)),
        num_received: payload.data.length,
        num_invalid_entries: invalid,
        invalid_entry_samples: {},
      },
      { 'x-business-use-case-usage': businessUseCaseUsage(usage, 0) },
    );
  }

  return {
    name: 'facebook',
    // Above the hub's default of 1/s so that tests lower it to see the throttle.
    rateLimit: 10,
    rateLimited: customAudienceThrottled,
    serverError: temporarilyUnavailable,
    handle(request) {
      const users = USERS_PATH.exec(request.path);
      if (users?.[2] && (request.method === 'DELETE' || request.method === 'POST')) {
        return changeUsers(request, users[2]);
      }
      return unknownPath(request.path);
    },
    seed(data) {
      for (const [id, seeded] of Object.entries((data as FacebookSeed).audiences ?? {})) {
        const hashes = [...(seeded.hashes ?? []), ...(seeded.emails ?? []).map(emailSha256)];
        audiences.set(id, { name: seeded.name ?? `Audience ${id}`, hashes: new Set(hashes) });
      }
    },
    reset() {
      audiences = demoAudiences();
      calls.length = 0;
    },
    state: () => ({
      audiences: Object.fromEntries(
        [...audiences].map(([id, audience]) => [
          id,
          { name: audience.name, hashes: [...audience.hashes] },
        ]),
      ),
    }),
  };
}

/** The Facebook sandbox: two audiences, each holding ada@example.com and grace@example.com. */
export const sandbox: SandboxDefinition = {
  integration: 'facebook',
  async start(serverOptions) {
    let server: SandboxServer | undefined;
    const behaviour = createFacebookBehaviour({
      keepData: () => server?.keepDataOnDelete ?? false,
    });
    server = new SandboxServer(behaviour, serverOptions);
    return server.listen();
  },
  env: (baseUrl) => ({
    FACEBOOK_BASE_URL: baseUrl,
    FACEBOOK_ACCESS_TOKEN: FACEBOOK_SANDBOX_TOKEN,
    FACEBOOK_APP_SECRET: FACEBOOK_SANDBOX_APP_SECRET,
    FACEBOOK_AUDIENCE_IDS: FACEBOOK_SANDBOX_AUDIENCES.join(','),
  }),
};
