import type { Env } from '../contract.ts';

/** Where Google's auth library always sends a service account's token request. */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/**
 * How the hub authenticates to the Admin API: a service-account key (the production way:
 * the library mints and renews short-lived tokens), or a ready access token (minted
 * elsewhere, e.g. by workload identity federation, or the sandbox's fixed token).
 */
export type GoogleCredentials =
  | { kind: 'access_token'; accessToken: string }
  | {
      kind: 'service_account';
      clientEmail: string;
      privateKey: string;
      privateKeyId?: string;
      /** The key file's `token_uri`. @default https://oauth2.googleapis.com/token */
      tokenUri: string;
    };

/**
 * Reads `GA_SERVICE_ACCOUNT_JSON` (the key file's JSON), else `GA_ACCESS_TOKEN`;
 * undefined when neither is set.
 */
export function readCredentials(env: Env): GoogleCredentials | undefined {
  const keyJson = env.GA_SERVICE_ACCOUNT_JSON?.trim();
  if (keyJson) return readServiceAccount(keyJson);
  const accessToken = env.GA_ACCESS_TOKEN?.trim();
  return accessToken ? { kind: 'access_token', accessToken } : undefined;
}

function readServiceAccount(keyJson: string): GoogleCredentials {
  let key: Record<string, unknown>;
  try {
    key = JSON.parse(keyJson) as Record<string, unknown>;
  } catch {
    throw new Error('GA_SERVICE_ACCOUNT_JSON must be the JSON of a service-account key file');
  }
  const { type, client_email, private_key, private_key_id, token_uri } = key;
  if (
    (type !== undefined && type !== 'service_account') ||
    typeof client_email !== 'string' ||
    typeof private_key !== 'string'
  ) {
    throw new Error(
      'GA_SERVICE_ACCOUNT_JSON must be a service-account key with client_email and private_key',
    );
  }
  if (token_uri !== undefined && (typeof token_uri !== 'string' || !URL.canParse(token_uri))) {
    throw new Error('GA_SERVICE_ACCOUNT_JSON has a token_uri that is not a URL');
  }
  return {
    kind: 'service_account',
    clientEmail: client_email,
    privateKey: private_key,
    privateKeyId: typeof private_key_id === 'string' ? private_key_id : undefined,
    tokenUri: token_uri ?? GOOGLE_TOKEN_URI,
  };
}
