import { z } from 'zod';
import { Problem } from './problem.ts';
import { fieldErrors } from './request-schema.ts';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Query strings of `GET /v1/requests`: strict, so a typo is an error, not a silent no-op. */
export const listQuerySchema = z.strictObject({
  status: z.enum(['in_progress', 'completed', 'needs_attention']).optional(),
  integration: z.string().max(128).optional(),
  overdue: flag.optional(),
  dueSoon: flag.optional(),
  email: z.string().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

const isoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const reportQuerySchema = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  format: z.enum(['csv', 'json']).default('json'),
});

export function parseQuery<T extends z.ZodType>(
  schema: T,
  query: Record<string, string | undefined> | undefined,
): z.infer<T> {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) throw new Problem(400, 'The query is not valid', fieldErrors(parsed.error));
  return parsed.data;
}
