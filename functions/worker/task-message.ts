import { z } from 'zod';

/** The body of every task message; anything else is a poison message bound for the DLQ. */
export const taskMessageSchema = z.strictObject({
  requestId: z.string().min(1).max(128),
  integration: z.string().min(1).max(128),
});
