import { randomBytes } from 'node:crypto';
import { json, type SandboxResponse } from '../sandbox-kit/http.ts';

/** The ad account the sandbox's audiences belong to: the key of its usage header. */
export const SANDBOX_AD_ACCOUNT = '1000000000000001';

/**
 * `X-Business-Use-Case-Usage` as Meta sends it on Marketing API answers: percentages of the
 * hourly allowance, and minutes until a throttled app may call again.
 */
export function businessUseCaseUsage(callCountPct: number, regainMinutes: number): string {
  return JSON.stringify({
    [SANDBOX_AD_ACCOUNT]: [
      {
        type: 'custom_audience',
        call_count: callCountPct,
        total_cputime: Math.min(100, Math.round(callCountPct / 4)),
        total_time: Math.min(100, Math.round(callCountPct / 4)),
        estimated_time_to_regain_access: regainMinutes,
        ads_api_access_tier: 'development_access',
      },
    ],
  });
}

/** Meta's error body, HTTP 400 unless said otherwise. */
export function graphError(
  code: number,
  message: string,
  extra: {
    status?: number;
    subcode?: number;
    transient?: boolean;
    headers?: Record<string, string>;
  } = {},
): SandboxResponse {
  return json(
    extra.status ?? 400,
    {
      error: {
        message,
        type: 'OAuthException',
        code,
        ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}),
        ...(extra.transient !== undefined ? { is_transient: extra.transient } : {}),
        fbtrace_id: randomBytes(9).toString('base64url'),
      },
    },
    extra.headers,
  );
}

export const missingToken = () =>
  graphError(
    2500,
    'An active access token must be used to query information about the current user.',
  );

export const invalidToken = () =>
  graphError(190, 'Invalid OAuth access token - Cannot parse access token', {
    headers: {
      'www-authenticate':
        'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"',
    },
  });

export const missingProof = () =>
  graphError(100, 'API calls from the server require an appsecret_proof argument');

export const invalidProof = () =>
  graphError(100, 'Invalid appsecret_proof provided in the API argument');

export const unknownPath = (path: string) => graphError(2500, `Unknown path components: ${path}`);

export const unknownObject = (method: string, id: string) =>
  graphError(
    100,
    `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    { subcode: 33 },
  );

export const invalidParameter = (message: string) => graphError(100, `(#100) ${message}`);

/** The custom-audience Business Use Case limit (80003), with the wait in the usage header. */
export function customAudienceThrottled(retryAfterMs: number, withHint: boolean): SandboxResponse {
  const minutes = withHint ? Math.max(1, Math.ceil(retryAfterMs / 60_000)) : 0;
  return graphError(
    80003,
    '(#80003) There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#custom-audience.',
    {
      subcode: 2446079,
      headers: { 'x-business-use-case-usage': businessUseCaseUsage(100, minutes) },
    },
  );
}

export const temporarilyUnavailable = () =>
  graphError(2, 'An unexpected error has occurred. Please retry your request later.', {
    status: 500,
    transient: true,
  });
