import { randomBytes } from 'node:crypto';

/** A user as the sandbox keeps it: the fields of Auth0's user profile the hub touches. */
export interface SandboxAuth0User {
  user_id: string;
  email: string;
  email_verified: boolean;
  name?: string;
  nickname?: string;
  given_name?: string;
  family_name?: string;
  username?: string;
  phone_number?: string;
  phone_verified?: boolean;
  picture?: string;
  blocked?: boolean;
  identities: { provider: string; connection: string; user_id: string; isSocial: boolean }[];
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/** The Auth0 root attributes `PATCH /api/v2/users/{id}` accepts. */
const PATCHABLE = new Set([
  'app_metadata',
  'blocked',
  'client_id',
  'connection',
  'email',
  'email_verified',
  'family_name',
  'given_name',
  'name',
  'nickname',
  'password',
  'phone_number',
  'phone_verified',
  'picture',
  'user_metadata',
  'username',
  'verify_email',
]);

const PROVIDERS: Record<string, { connection: string; isSocial: boolean }> = {
  auth0: { connection: 'Username-Password-Authentication', isSocial: false },
  'google-oauth2': { connection: 'google-oauth2', isSocial: true },
  github: { connection: 'github', isSocial: true },
  sms: { connection: 'sms', isSocial: false },
};

/** Auth0 user ids are `provider|id`; anything else fails the API's `user-id` format. */
export function isUserId(id: string): boolean {
  return /^[a-z0-9-]+\|\S+$/i.test(id);
}

/** A new user from seed data: `{email, name?, user_id?, …}`. */
export function newSandboxUser(seed: Partial<SandboxAuth0User> & { email: string }) {
  const now = new Date().toISOString();
  const userId = seed.user_id ?? `auth0|${randomBytes(12).toString('hex')}`;
  const [provider = 'auth0', providerUserId = userId] = userId.split('|', 2);
  const known = PROVIDERS[provider] ?? { connection: provider, isSocial: true };
  const user: SandboxAuth0User = {
    email_verified: false,
    nickname: seed.email.split('@')[0],
    identities: [{ provider, user_id: providerUserId, ...known }],
    user_metadata: {},
    app_metadata: {},
    created_at: now,
    updated_at: now,
    ...seed,
    user_id: userId,
    email: storedEmail(userId, seed.email),
  };
  return user;
}

/** Auth0 lower-cases the addresses of its own database users; other providers keep theirs. */
function storedEmail(userId: string, email: string): string {
  return userId.startsWith('auth0|') ? email.toLowerCase() : email;
}

/** The people every sandbox starts with, so a demo erasure finds someone. */
export function demoUsers(): SandboxAuth0User[] {
  return [
    newSandboxUser({
      user_id: 'auth0|65f0a1b2c3d4e5f6a7b8c9d0',
      email: 'ada@example.com',
      email_verified: true,
      name: 'Ada Lovelace',
    }),
    // The same person through Google: users-by-email returns one user per connection.
    newSandboxUser({
      user_id: 'google-oauth2|104857600000000000001',
      email: 'ada@example.com',
      email_verified: true,
      name: 'Ada Lovelace',
    }),
    newSandboxUser({
      user_id: 'auth0|65f0b2c3d4e5f6a7b8c9d0e1',
      email: 'grace@example.com',
      email_verified: true,
      name: 'Grace Hopper',
    }),
  ];
}

/**
 * Applies a PATCH body the way Auth0 does: root attributes replace, the two metadata objects
 * merge one level deep, `null` unsets. Returns a validation message when Auth0 would answer 400.
 */
export function applyUserPatch(user: SandboxAuth0User, body: Record<string, unknown>) {
  const unknown = Object.keys(body).filter((key) => !PATCHABLE.has(key));
  if (unknown.length > 0) {
    return `Payload validation error: 'Additional properties not allowed: ${unknown.join(',')}'.`;
  }
  const phone = body.phone_number;
  if (phone !== undefined && phone !== null && !/^\+[0-9]{1,15}$/.test(String(phone))) {
    return `Payload validation error: 'String does not match pattern ^\\+[0-9]{1,15}$: ${String(phone)}' on property phone_number.`;
  }
  const email = body.email;
  if (email !== undefined && (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email))) {
    return `Payload validation error: 'Object didn't pass validation for format email: ${String(email)}' on property email.`;
  }
  if (body.blocked !== undefined && typeof body.blocked !== 'boolean') {
    return "Payload validation error: 'Expected type boolean' on property blocked.";
  }
  const record = user as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'user_metadata' || key === 'app_metadata') {
      const merged = { ...(record[key] as Record<string, unknown>) };
      for (const [field, fieldValue] of Object.entries((value ?? {}) as object)) {
        if (fieldValue === null) delete merged[field];
        else merged[field] = fieldValue;
      }
      record[key] = merged;
    } else if (['password', 'verify_email', 'connection', 'client_id'].includes(key)) {
      // Accepted but never shown in a profile.
    } else if (value === null) {
      delete record[key];
    } else {
      record[key] = key === 'email' ? storedEmail(user.user_id, String(value)) : value;
    }
  }
  user.updated_at = new Date().toISOString();
  return undefined;
}
