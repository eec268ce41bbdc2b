import { json, type SandboxResponse } from '../sandbox-kit/http.ts';

const SERVICE = 'analyticsadmin.googleapis.com';

/** Google's error body: `{"error": {"code", "message", "status", "details"?}}`. */
export function googleError(
  code: number,
  status: string,
  message: string,
  details?: unknown[],
  headers?: Record<string, string>,
): SandboxResponse {
  return json(code, { error: { code, message, status, ...(details ? { details } : {}) } }, headers);
}

function errorInfo(reason: string, metadata: Record<string, string>) {
  return {
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason,
    domain: 'googleapis.com',
    metadata,
  };
}

export const unauthenticated = () =>
  googleError(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    [
      errorInfo('ACCESS_TOKEN_TYPE_UNSUPPORTED', {
        service: SERVICE,
        method: 'google.analytics.admin.v1alpha.AnalyticsAdminService.SubmitUserDeletion',
      }),
    ],
    { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
  );

export const insufficientScope = () =>
  googleError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', [
    errorInfo('ACCESS_TOKEN_SCOPE_INSUFFICIENT', {
      service: SERVICE,
      method: 'google.analytics.admin.v1alpha.AnalyticsAdminService.SubmitUserDeletion',
    }),
  ]);

export const noPropertyAccess = () =>
  googleError(
    403,
    'PERMISSION_DENIED',
    'User does not have sufficient permissions for this property.',
  );

export const invalidArgument = (message: string) => googleError(400, 'INVALID_ARGUMENT', message);

export const notFound = () => googleError(404, 'NOT_FOUND', 'Requested entity was not found.');

export const internalError = () => googleError(500, 'INTERNAL', 'Internal error encountered.');

/** The project-wide write quota, refilled each minute; with a hint, Google's RetryInfo. */
export function writeQuotaExceeded(retryAfterMs: number, withHint: boolean): SandboxResponse {
  const details: unknown[] = [
    errorInfo('RATE_LIMIT_EXCEEDED', {
      quota_metric: `${SERVICE}/write_requests`,
      quota_limit: 'WriteRequestsPerMinutePerUser',
      quota_limit_value: '180',
      service: SERVICE,
      consumer: 'projects/0',
    }),
  ];
  if (withHint) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: `${Math.max(1, Math.ceil(retryAfterMs / 1000))}s`,
    });
  }
  return googleError(
    429,
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service '${SERVICE}' for consumer 'project_number:0'.`,
    details,
  );
}

/**
 * The property's daily user-deletion allowance is used up. Google does not document this
 * exact body; it follows the shape of its other quota answers.
 */
export function dailyDeletionsExceeded(limit: number): SandboxResponse {
  return googleError(
    429,
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric 'User deletions' and limit 'User deletions per day per property' of service '${SERVICE}' for consumer 'project_number:0'.`,
    [
      errorInfo('RATE_LIMIT_EXCEEDED', {
        quota_metric: `${SERVICE}/user_deletions`,
        quota_limit: 'UserDeletionsPerDayPerProperty',
        quota_limit_value: String(limit),
        service: SERVICE,
        consumer: 'projects/0',
      }),
    ],
  );
}
