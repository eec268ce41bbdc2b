import type { IncomingHttpHeaders } from 'node:http';

/** The token of `Authorization: token …` or `Bearer …`; GitHub takes both, in any case. */
export function tokenCredential(headers: IncomingHttpHeaders): string | undefined {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

/** `Authorization: Basic base64(user:password)`, scheme in any case. */
export function basicCredential(
  headers: IncomingHttpHeaders,
): { user: string; password: string } | undefined {
  const match = /^basic\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
