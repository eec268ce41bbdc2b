import { randomBytes } from 'node:crypto';
import type { SandboxDefinition } from '../contract.ts';
import { bearerToken, json, parseJson, type SandboxRequest } from '../sandbox-kit/http.ts';
import { SandboxServer, type VendorBehaviour } from '../sandbox-kit/server.ts';
import { ANALYTICS_EDIT_SCOPE } from './descriptor.ts';
import type { DeletionField } from './identifiers.ts';
import {
  dailyDeletionsExceeded,
  insufficientScope,
  internalError,
  invalidArgument,
  noPropertyAccess,
  notFound,
  unauthenticated,
  writeQuotaExceeded,
} from './sandbox-errors.ts';
import {
  applyDeletion,
  demoProperties,
  SANDBOX_PROPERTY_IDS,
  type SandboxGaUser,
  type SandboxProperty,
} from './sandbox-property.ts';
import { decideJwtGrant } from './sandbox-token.ts';

/** The access token `env()` hands to `configure`; it carries the analytics.edit scope. */
export const GA_SANDBOX_ACCESS_TOKEN = 'ya29.sandbox-google-analytics-edit';
/** A token with only the read-only scope, for tests of Google's 403. */
export const GA_SANDBOX_READONLY_TOKEN = 'ya29.sandbox-google-analytics-readonly';

const USER_DELETIONS_PER_DAY = 500;
const DELETION_FIELDS: readonly DeletionField[] = [
  'userId',
  'clientId',
  'appInstanceId',
  'userProvidedData',
];
const SUBMIT_PATH = /^\/v1alpha\/properties\/([^/:]+):submitUserDeletion$/;

/** What `POST /__sandbox/seed` accepts; every field is optional. */
export interface GoogleAnalyticsSeed {
  /** Adds (or replaces) properties with their users. */
  properties?: Record<string, { users?: SandboxGaUser[] }>;
  /** User deletions each property may take per Pacific day. @default 500 */
  dailyLimit?: number;
  /** Deletions already counted today, per property; `{}` starts a fresh quota day. */
  usedToday?: Record<string, number>;
  /** Service accounts whose signed assertions the token endpoint accepts. */
  serviceAccounts?: { clientEmail: string; publicKeyPem: string }[];
}

// Google's daily quotas follow the Pacific calendar day.
const pacificDay = (at: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(at);

/**
 * The GA4 Admin API as far as the hub uses it: `properties.submitUserDeletion` with Google's
 * status codes and error bodies, the per-property daily deletion quota, scope checks, and
 * the OAuth token endpoint for service accounts (`POST /token`).
 */
export function createGoogleAnalyticsBehaviour(options: {
  keepData: () => boolean;
}): VendorBehaviour {
  let properties = demoProperties();
  let dailyLimit = USER_DELETIONS_PER_DAY;
  const used = new Map<string, { day: string; count: number }>();
  const publicKeys = new Map<string, string>();
  // Tokens outlive a reset, as real ones outlive a data change.
  const tokens = new Map<string, string[]>([
    [GA_SANDBOX_ACCESS_TOKEN, [ANALYTICS_EDIT_SCOPE]],
    [GA_SANDBOX_READONLY_TOKEN, ['https://www.googleapis.com/auth/analytics.readonly']],
  ]);

  function issueToken(request: SandboxRequest) {
    const decision = decideJwtGrant(
      new URLSearchParams(request.body),
      publicKeys,
      Math.floor(Date.now() / 1000),
    );
    if (!decision.ok) {
      return json(400, { error: decision.error, error_description: decision.description });
    }
    const token = `ya29.sandbox-${randomBytes(18).toString('base64url')}`;
    tokens.set(token, decision.scopes);
    return json(200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
  }

  /** Deletions the property has taken on the current Pacific day. */
  function usedToday(propertyId: string): number {
    const entry = used.get(propertyId);
    return entry?.day === pacificDay(Date.now()) ? entry.count : 0;
  }

  /** Counts one deletion against the property's day; false when the day's allowance is gone. */
  function takeQuota(propertyId: string): boolean {
    const count = usedToday(propertyId);
    if (count >= dailyLimit) return false;
    used.set(propertyId, { day: pacificDay(Date.now()), count: count + 1 });
    return true;
  }

  function submitUserDeletion(request: SandboxRequest, propertyId: string) {
    const token = bearerToken(request.headers);
    const scopes = token ? tokens.get(token) : undefined;
    if (!scopes) return unauthenticated();
    if (!scopes.includes(ANALYTICS_EDIT_SCOPE)) return insufficientScope();
    const property = properties.get(propertyId);
    if (!property) return noPropertyAccess();
    const body = parseJson(request.body);
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return invalidArgument('Invalid JSON payload received.');
    }
    const record = body as Record<string, unknown>;
    const stray = Object.keys(record).find((key) => !DELETION_FIELDS.includes(key as never));
    if (stray) {
      return invalidArgument(
        `Invalid JSON payload received. Unknown name "${stray}": Cannot find field.`,
      );
    }
    const named = DELETION_FIELDS.filter((field) => record[field] !== undefined);
    const field = named[0];
    const value = field ? record[field] : undefined;
    if (named.length !== 1 || !field || typeof value !== 'string' || value === '') {
      return invalidArgument(
        'Exactly one of user_id, client_id, app_instance_id or user_provided_data must be set.',
      );
    }
    if (!takeQuota(propertyId)) return dailyDeletionsExceeded(dailyLimit);
    const at = new Date().toISOString();
    applyDeletion(property, { field, value, at }, options.keepData());
    return json(200, { deletionRequestTime: at });
  }

  return {
    name: 'google-analytics',
    // Above the hub's default of 1/s so that tests lower it to see the 429.
    rateLimit: 10,
    rateLimited: writeQuotaExceeded,
    serverError: internalError,
    handle(request) {
      if (request.method === 'POST' && request.path === '/token') return issueToken(request);
      const submit = SUBMIT_PATH.exec(request.path);
      if (submit?.[1] && request.method === 'POST') return submitUserDeletion(request, submit[1]);
      return notFound();
    },
    seed(data) {
      const seed = data as GoogleAnalyticsSeed;
      for (const [id, property] of Object.entries(seed.properties ?? {})) {
        properties.set(id, {
          users: property.users ?? [],
          deletions: [],
        } satisfies SandboxProperty);
      }
      if (typeof seed.dailyLimit === 'number') dailyLimit = seed.dailyLimit;
      if (seed.usedToday) {
        used.clear();
        const today = pacificDay(Date.now());
        for (const [id, count] of Object.entries(seed.usedToday))
          used.set(id, { day: today, count });
      }
      for (const account of seed.serviceAccounts ?? []) {
        publicKeys.set(account.clientEmail, account.publicKeyPem);
      }
    },
    reset() {
      properties = demoProperties();
      dailyLimit = USER_DELETIONS_PER_DAY;
      used.clear();
    },
    state: () => ({
      dailyLimit,
      properties: Object.fromEntries(
        [...properties].map(([id, property]) => [id, { ...property, usedToday: usedToday(id) }]),
      ),
    }),
  };
}

/** The GA4 sandbox: two properties, each with ada@example.com and grace@example.com. */
export const sandbox: SandboxDefinition = {
  integration: 'google-analytics',
  async start(serverOptions) {
    let server: SandboxServer | undefined;
    const behaviour = createGoogleAnalyticsBehaviour({
      keepData: () => server?.keepDataOnDelete ?? false,
    });
    server = new SandboxServer(behaviour, serverOptions);
    return server.listen();
  },
  env: (baseUrl) => ({
    GOOGLE_ANALYTICS_BASE_URL: baseUrl,
    GA_ACCESS_TOKEN: GA_SANDBOX_ACCESS_TOKEN,
    GA_PROPERTY_IDS: SANDBOX_PROPERTY_IDS.join(','),
    // The demo people have user-provided email, so a demo erasure by email finds them.
    GA_DELETE_BY_EMAIL: '1',
  }),
};
