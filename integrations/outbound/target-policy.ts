import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { isPublicAddress } from './address-policy.ts';

/**
 * Thrown when an outbound URL or the address it resolves to is not allowed. The
 * message names the host only: paths and queries may carry ack tokens.
 */
export class OutboundTargetRefused extends Error {
  override name = 'OutboundTargetRefused';

  constructor(
    message: string,
    /** The host that was refused. */
    readonly host: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** True when `error`, or any error in its `cause` chain, is an outbound refusal. */
export function isOutboundRefusal(error: unknown): error is Error {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error && current.name === 'OutboundTargetRefused') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Resolves a host name to every address it has, as `dns.lookup({all: true})` does. */
export type HostResolver = (hostname: string) => Promise<readonly LookupAddress[]>;

/** The operating system's resolver, the one `fetch` and `http.request` use by default. */
export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, order: 'verbatim' }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

/** The host part of a URL as an IP literal or a name, without IPv6 brackets. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * The parse-time check of a partner or callback URL: `https` only, no credentials,
 * and an IP literal must be public. With `allowPrivate` (HUB_ALLOW_PRIVATE_TARGETS=1)
 * plain `http` and any address pass. Host names are checked again where it matters,
 * when the connection is made (see `createOutboundFetch`).
 */
export function assertPublicUrl(url: string | URL, allowPrivate: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundTargetRefused('not an absolute URL', '');
  }
  const host = bareHostname(parsed);
  const schemes = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(parsed.protocol)) {
    const expected = allowPrivate ? 'http or https' : 'https';
    throw new OutboundTargetRefused(`${host}: the URL must use ${expected}`, host);
  }
  if (parsed.username || parsed.password) {
    throw new OutboundTargetRefused(`${host}: credentials in the URL are not allowed`, host);
  }
  if (allowPrivate) return parsed;
  if (isIP(host) !== 0 && !isPublicAddress(host)) {
    throw new OutboundTargetRefused(`${host} is not a public address`, host);
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new OutboundTargetRefused(`${host} is a loopback name`, host);
  }
  return parsed;
}

/**
 * Resolves `hostname` and refuses it unless every address it has is public, so a
 * name that mixes public and private answers cannot be steered to the private one.
 */
export async function resolvePublicAddresses(
  hostname: string,
  allowPrivate: boolean,
  resolve: HostResolver = systemResolver,
): Promise<LookupAddress[]> {
  const addresses = [...(await resolve(hostname))];
  if (addresses.length === 0) {
    throw new OutboundTargetRefused(`${hostname} has no address`, hostname);
  }
  if (!allowPrivate) {
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) {
      throw new OutboundTargetRefused(
        `${hostname} resolves to ${refused.address}, which is not a public address`,
        hostname,
      );
    }
  }
  return addresses;
}
