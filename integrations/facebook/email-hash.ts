import { createHash } from 'node:crypto';
import { normalizeEmail } from '../../core/masking.ts';

/**
 * The `EMAIL_SHA256` key Meta matches on: SHA-256 (hex) of the address trimmed and
 * lower-cased, the normalisation Meta documents for customer lists.
 */
export function emailSha256(email: string): string {
  return createHash('sha256').update(normalizeEmail(email)).digest('hex');
}
