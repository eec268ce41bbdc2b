import { createHmac } from 'node:crypto';
import type { VendorFetch } from '../contract.ts';
import type { FacebookConfig } from './descriptor.ts';
import { GraphApiError } from './graph-errors.ts';

/** Meta's answer to a change of an audience's users. */
export interface AudienceUsersAnswer {
  status: number;
  numReceived: number;
  numInvalidEntries: number;
}

/**
 * The Custom Audience users edge of the Graph API, spoken over the host's fetch.
 * `facebook-nodejs-business-sdk` cannot take a fetch: it sends through axios' global default
 * instance, fixes the version it builds paths with, and installs a process-wide crash reporter.
 */
export interface FacebookClient {
  apiVersion: string;
  audienceIds: readonly string[];
  /** `DELETE /{audience_id}/users`: removes the people these email hashes match. */
  removeEmailHashes(audienceId: string, hashes: readonly string[]): Promise<AudienceUsersAnswer>;
  /** `POST /{audience_id}/users`: adds them. */
  addEmailHashes(audienceId: string, hashes: readonly string[]): Promise<AudienceUsersAnswer>;
}

/** The path the evidence and errors name, with the audience id left as a placeholder. */
export const usersEdge = (apiVersion: string) => `/${apiVersion}/{audience_id}/users`;

// https://developers.facebook.com/docs/marketing-api/reference/custom-audience/users
export function createFacebookClient(
  config: FacebookConfig,
  vendorFetch: VendorFetch,
): FacebookClient {
  const proof = config.appSecret
    ? createHmac('sha256', config.appSecret).update(config.accessToken).digest('hex')
    : undefined;

  async function changeUsers(
    method: 'DELETE' | 'POST',
    audienceId: string,
    hashes: readonly string[],
  ): Promise<AudienceUsersAnswer> {
    const params = new URLSearchParams({
      payload: JSON.stringify({ schema: 'EMAIL_SHA256', data: hashes }),
      access_token: config.accessToken,
    });
    if (proof) params.set('appsecret_proof', proof);
    const url = `${config.baseUrl}/${config.apiVersion}/${encodeURIComponent(audienceId)}/users`;
    // As Meta's SDKs do: a DELETE carries its parameters in the query, a POST in a form body.
    const response =
      method === 'DELETE'
        ? await vendorFetch(`${url}?${params}`, { method })
        : await vendorFetch(url, { method, body: params });
    if (!response.ok) {
      throw await GraphApiError.fromResponse(`${method} ${usersEdge(config.apiVersion)}`, response);
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return {
      status: response.status,
      numReceived: typeof body.num_received === 'number' ? body.num_received : 0,
      numInvalidEntries:
        typeof body.num_invalid_entries === 'number' ? body.num_invalid_entries : 0,
    };
  }

  return {
    apiVersion: config.apiVersion,
    audienceIds: config.audienceIds,
    removeEmailHashes: (audienceId, hashes) => changeUsers('DELETE', audienceId, hashes),
    addEmailHashes: (audienceId, hashes) => changeUsers('POST', audienceId, hashes),
  };
}
