import type { VendorFetch } from '../contract.ts';
import type { InlineManualConfig } from './descriptor.ts';
import { profileUrl } from './profile-url.ts';

/** An answer the hub did not expect; its message names no person. */
export class InlineManualApiError extends Error {
  override name = 'InlineManualApiError';

  constructor(
    message: string,
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * One site's people-tracking profiles over Inline Manual's public API. There is no
 * official JavaScript client for that API, so this is plain `fetch` (the host's).
 */
export class InlineManualProfiles {
  constructor(
    readonly config: InlineManualConfig,
    private readonly fetch: VendorFetch,
  ) {}

  /** DELETE the profile: its 2xx status, or 404 when there is none. */
  async delete(userId: string): Promise<number> {
    const status = await this.call('DELETE', userId);
    if ((status >= 200 && status < 300) || status === 404) return status;
    throw new InlineManualApiError(`Inline Manual DELETE profile answered ${status}`, status);
  }

  /** GET the profile and return the status alone: the body is the person's data. */
  async read(userId: string): Promise<number> {
    return this.call('GET', userId);
  }

  private async call(method: 'GET' | 'DELETE', userId: string): Promise<number> {
    const url = profileUrl(this.config.profileUrlTemplate, {
      base: this.config.baseUrl,
      siteKey: this.config.siteKey,
      userId,
    });
    const response = await this.fetch(url, {
      method,
      headers: { authorization: `Bearer ${this.config.apiToken}`, accept: 'application/json' },
    });
    // Drain the body so the connection is reused; nothing in it is needed.
    await response.arrayBuffer();
    return response.status;
  }
}
