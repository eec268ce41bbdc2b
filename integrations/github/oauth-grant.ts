import type { GitHubClient } from './client.ts';
import { isNotFound, withoutRequestBody } from './vendor-error.ts';

/** What revoking the app's grant came to. */
export type GrantRevocation = { kind: 'revoked'; status: number } | { kind: 'already_revoked' };

/**
 * Deletes the OAuth app's grant for the token's owner, which revokes every token the app
 * holds for them. A 404 means the token is no longer valid: the grant is gone already.
 * https://docs.github.com/rest/apps/oauth-applications#delete-an-app-authorization
 */
export async function revokeGrant(
  client: GitHubClient,
  accessToken: string,
): Promise<GrantRevocation> {
  try {
    const response = await client.oauthApp.rest.apps.deleteAuthorization({
      client_id: client.clientId,
      access_token: accessToken,
    });
    return { kind: 'revoked', status: response.status };
  } catch (error) {
    if (isNotFound(error)) return { kind: 'already_revoked' };
    throw withoutRequestBody(error);
  }
}

/**
 * Whether the token still works for the app (200) or not (404).
 * https://docs.github.com/rest/apps/oauth-applications#check-a-token
 */
export async function tokenIsValid(client: GitHubClient, accessToken: string): Promise<boolean> {
  try {
    await client.oauthApp.rest.apps.checkToken({
      client_id: client.clientId,
      access_token: accessToken,
    });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw withoutRequestBody(error);
  }
}
