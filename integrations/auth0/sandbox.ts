import { randomBytes } from 'node:crypto';
import type { SandboxDefinition } from '../contract.ts';
import {
  bearerToken,
  json,
  noContent,
  parseJson,
  type SandboxRequest,
  type SandboxResponse,
} from '../sandbox-kit/http.ts';
import { SandboxServer, type VendorBehaviour } from '../sandbox-kit/server.ts';
import {
  applyUserPatch,
  demoUsers,
  isUserId,
  newSandboxUser,
  type SandboxAuth0User,
} from './sandbox-directory.ts';

/** The tenant and application the sandbox pretends to be; `env()` hands them to `configure`. */
export const AUTH0_SANDBOX_DOMAIN = 'dsr-hub-sandbox.eu.auth0.com';
export const AUTH0_SANDBOX_CLIENT_ID = 'dsrhubSandboxClient';
export const AUTH0_SANDBOX_CLIENT_SECRET = 'dsrhub-sandbox-client-secret';
const AUDIENCE = `https://${AUTH0_SANDBOX_DOMAIN}/api/v2/`;
const MANAGEMENT_RATE_LIMIT = 2;

/** Auth0's Management API error body: `{statusCode, error, message, errorCode}`. */
function apiError(
  statusCode: number,
  error: string,
  message: string,
  errorCode: string,
  headers?: Record<string, string>,
) {
  return json(statusCode, { statusCode, error, message, errorCode }, headers);
}

const notFoundUser = () =>
  apiError(404, 'Not Found', 'The user does not exist.', 'inexistent_user');

/**
 * Auth0's Management API as far as the hub uses it: the client-credentials token, users by
 * email, and get / patch / delete of one user, with Auth0's status codes and error bodies.
 */
export function createAuth0Behaviour(options: { keepData: () => boolean }): VendorBehaviour {
  const users = new Map<string, SandboxAuth0User>();
  // Tokens outlive a reset, as real ones outlive a data change: a running hub keeps working.
  const tokens = new Set<string>();
  const load = (list: SandboxAuth0User[]) => {
    for (const user of list) users.set(user.user_id, user);
  };
  load(demoUsers());

  function issueToken(request: SandboxRequest): SandboxResponse {
    const contentType = String(request.headers['content-type'] ?? '');
    const params = contentType.includes('application/json')
      ? ((parseJson(request.body) ?? {}) as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(request.body));
    if (params.grant_type !== 'client_credentials') {
      return json(403, {
        error: 'unauthorized_client',
        error_description: 'Grant type not allowed for the client.',
      });
    }
    if (
      params.client_id !== AUTH0_SANDBOX_CLIENT_ID ||
      params.client_secret !== AUTH0_SANDBOX_CLIENT_SECRET
    ) {
      return json(401, { error: 'access_denied', error_description: 'Unauthorized' });
    }
    if (params.audience !== AUDIENCE) {
      return json(403, {
        error: 'access_denied',
        error_description: `Service not enabled within domain: ${String(params.audience)}`,
      });
    }
    const token = `sandbox.${randomBytes(24).toString('base64url')}`;
    tokens.add(token);
    return json(200, {
      access_token: token,
      scope: 'read:users update:users delete:users',
      expires_in: 86400,
      token_type: 'Bearer',
    });
  }

  function usersByEmail(request: SandboxRequest): SandboxResponse {
    const email = request.query.get('email');
    if (!email) {
      return apiError(
        400,
        'Bad Request',
        "Query validation error: 'Missing required property: email'.",
        'invalid_query_string',
      );
    }
    return json(
      200,
      [...users.values()].filter((user) => user.email === email),
    );
  }

  function oneUser(request: SandboxRequest, rawId: string): SandboxResponse {
    let id: string;
    try {
      id = decodeURIComponent(rawId);
    } catch {
      id = rawId;
    }
    if (!isUserId(id)) {
      return apiError(
        400,
        'Bad Request',
        `Object didn't pass validation for format user-id: ${id}`,
        'invalid_uri',
      );
    }
    const user = users.get(id);
    switch (request.method) {
      case 'GET':
        return user ? json(200, user) : notFoundUser();
      case 'DELETE':
        // Auth0 answers 204 whether or not the user existed.
        if (!options.keepData()) users.delete(id);
        return noContent();
      case 'PATCH': {
        if (!user) return notFoundUser();
        const body = parseJson(request.body);
        if (!body || typeof body !== 'object' || Array.isArray(body)) {
          return apiError(
            400,
            'Bad Request',
            'Invalid request payload JSON format',
            'invalid_body',
          );
        }
        const invalid = applyUserPatch(user, body as Record<string, unknown>);
        return invalid ? apiError(400, 'Bad Request', invalid, 'invalid_body') : json(200, user);
      }
      default:
        return apiError(405, 'Method Not Allowed', 'Method not allowed', 'method_not_allowed');
    }
  }

  return {
    name: 'auth0',
    rateLimit: MANAGEMENT_RATE_LIMIT,
    rateLimited(retryAfterMs, withHint) {
      const headers: Record<string, string> = withHint
        ? {
            'x-ratelimit-limit': String(MANAGEMENT_RATE_LIMIT),
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.ceil((Date.now() + retryAfterMs) / 1000)),
          }
        : {};
      return apiError(
        429,
        'Too Many Requests',
        'Global limit has been reached',
        'too_many_requests',
        headers,
      );
    },
    serverError: () => apiError(500, 'Internal Server Error', 'Internal error', 'internal_error'),
    handle(request) {
      if (request.method === 'POST' && request.path === '/oauth/token') return issueToken(request);
      if (!request.path.startsWith('/api/v2/')) {
        return apiError(404, 'Not Found', 'Not Found', 'not_found');
      }
      const token = bearerToken(request.headers);
      if (!token) {
        return apiError(401, 'Unauthorized', 'Missing authentication', 'missing_authentication');
      }
      if (!tokens.has(token))
        return apiError(401, 'Unauthorized', 'Invalid token', 'invalid_token');
      if (request.method === 'GET' && request.path === '/api/v2/users-by-email') {
        return usersByEmail(request);
      }
      const userPath = /^\/api\/v2\/users\/([^/]+)$/.exec(request.path);
      if (userPath?.[1]) return oneUser(request, userPath[1]);
      return apiError(404, 'Not Found', 'Not Found', 'not_found');
    },
    seed(data) {
      const list = (data as { users?: (Partial<SandboxAuth0User> & { email: string })[] }).users;
      load((list ?? []).map(newSandboxUser));
    },
    reset() {
      users.clear();
      load(demoUsers());
    },
    state: () => ({ users: [...users.values()], tokensIssued: tokens.size }),
  };
}

/** The Auth0 sandbox: seeded with ada@example.com (two connections) and grace@example.com. */
export const sandbox: SandboxDefinition = {
  integration: 'auth0',
  async start(serverOptions) {
    let server: SandboxServer | undefined;
    const behaviour = createAuth0Behaviour({ keepData: () => server?.keepDataOnDelete ?? false });
    server = new SandboxServer(behaviour, serverOptions);
    return server.listen();
  },
  env: (baseUrl) => ({
    AUTH0_DOMAIN: AUTH0_SANDBOX_DOMAIN,
    AUTH0_CLIENT_ID: AUTH0_SANDBOX_CLIENT_ID,
    AUTH0_CLIENT_SECRET: AUTH0_SANDBOX_CLIENT_SECRET,
    AUTH0_BASE_URL: baseUrl,
  }),
};
