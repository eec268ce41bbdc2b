import { z } from 'zod';
import { normalizeEmail } from '../../core/masking.ts';
import { REQUEST_TYPES } from '../../core/model.ts';

const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    // C0, DEL and C1 (U+0080–U+009F): terminals and log viewers act on all of them.
    .refine((value) => !/\p{Cc}/u.test(value), 'must not contain control characters');

/**
 * URL parsers drop a `.` or `..` path segment, even percent-encoded, so such an id would
 * reach the vendor's parent resource (`DELETE /orgs/{org}/members/..` is `DELETE /orgs/{org}/`).
 */
const notDotSegment = (value: string) => value !== '.' && value !== '..';
const DOT_SEGMENT = 'must not be "." or ".."';

/** contract.md's request id; also what `/v1/requests/{id}` can name. */
export const REQUEST_ID = /^(?!\.{1,2}$)[A-Za-z0-9._:-]{1,128}$/;

const email = z
  .string()
  .max(254)
  .transform(normalizeEmail)
  .pipe(z.email({ message: 'must be an email address' }));

const identifier = text(256).refine(notDotSegment, DOT_SEGMENT);

const subjectIds = z.strictObject({
  auth0: identifier.optional(),
  stripe: identifier.optional(),
  github: identifier.optional(),
  githubRepos: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/repo')
        .refine((name) => name.split('/').every(notDotSegment), DOT_SEGMENT),
    )
    .max(100)
    .optional(),
  githubToken: identifier.optional(),
  googleAnalytics: z.array(identifier).max(100).optional(),
  matrix: z
    .string()
    .regex(/^@[^:\s]+:[^\s]+$/, 'must be a Matrix user id like @name:server')
    .max(256)
    .optional(),
  inlineManual: identifier.optional(),
});

const subject = z
  .strictObject({ email: email.optional(), ids: subjectIds.optional() })
  .refine(
    (value) =>
      value.email !== undefined || Object.values(value.ids ?? {}).some((id) => id !== undefined),
    'subject needs at least one identifier',
  );

const changes = z
  .strictObject({ email: email.optional(), name: text(256).optional(), phone: text(64).optional() })
  .refine((value) => Object.keys(value).length > 0, 'changes must name at least one field');

/** contract.md's request body. Strict: unknown properties are refused. */
export const submittedRequestSchema = z
  .strictObject({
    id: z
      .string()
      .regex(REQUEST_ID, 'must be 1-128 characters of [A-Za-z0-9._:-], and not "." or ".."'),
    type: z.enum(REQUEST_TYPES),
    subject,
    changes: changes.optional(),
    integrations: z
      .array(
        z
          .string()
          .regex(/^(partner:[A-Za-z0-9._-]{1,64}|[a-z0-9-]{1,64})$/, 'unknown integration name'),
      )
      .min(1)
      .max(64)
      .optional(),
    requestedAt: z.iso.datetime({ offset: true }).optional(),
    callbackUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.type === 'rectification' && !value.changes) {
      ctx.addIssue({ code: 'custom', path: ['changes'], message: 'is required for rectification' });
    }
    if (value.type !== 'rectification' && value.changes) {
      ctx.addIssue({ code: 'custom', path: ['changes'], message: `is refused for ${value.type}` });
    }
  });

export type SubmittedRequestBody = z.infer<typeof submittedRequestSchema>;

/** zod issues as contract.md's `errors: [{path, message}]`. */
export function fieldErrors(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
