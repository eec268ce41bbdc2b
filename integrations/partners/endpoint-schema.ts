import { z } from 'zod';
import { assertPublicUrl } from '../outbound/target-policy.ts';

/** Standard Webhooks asks for symmetric secrets of at least 24 random bytes. */
export const WEBHOOK_SECRET_MIN_BYTES = 24;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A Standard Webhooks signing secret: `whsec_` and base64 of at least 24 bytes. */
export const webhookSecretSchema = z
  .string()
  .startsWith('whsec_', 'must start with whsec_')
  .refine((secret) => {
    const encoded = secret.slice('whsec_'.length);
    return (
      BASE64.test(encoded) && Buffer.from(encoded, 'base64').length >= WEBHOOK_SECRET_MIN_BYTES
    );
  }, `must be whsec_ followed by base64 of at least ${WEBHOOK_SECRET_MIN_BYTES} bytes`);

/**
 * A URL the hub may POST notifications to: https to a public host, or anything
 * http(s) when private targets are allowed (HUB_ALLOW_PRIVATE_TARGETS=1).
 */
export function webhookUrlSchema(allowPrivateTargets: boolean) {
  return z.string().superRefine((value, context) => {
    try {
      assertPublicUrl(value, allowPrivateTargets);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });
}

/** `path: message; path: message`, for an error that names the variable it came from. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map((part) =>
        typeof part === 'number' ? `[${part}]` : `.${String(part)}`,
      );
      return `${path.join('').replace(/^\./, '') || '(root)'}: ${issue.message}`;
    })
    .join('; ');
}
