import type { GitHubClient } from './client.ts';
import { isNotFound } from './vendor-error.ts';

/** How a person belongs to the organization; GitHub makes the first two exclusive. */
export type OrgAffiliation = 'member' | 'outside_collaborator' | 'none';

/**
 * Checks membership first, then the outside-collaborator list. Asking rather than
 * deleting blindly tells the evidence what was really there, and avoids GitHub's 422
 * for removing a member through the outside-collaborator endpoint.
 * https://docs.github.com/rest/orgs/members#check-organization-membership-for-a-user
 * https://docs.github.com/rest/orgs/outside-collaborators#list-outside-collaborators-for-an-organization
 */
export async function orgAffiliation(
  client: GitHubClient,
  username: string,
): Promise<OrgAffiliation> {
  try {
    await client.owner.rest.orgs.checkMembershipForUser({ org: client.org, username });
    return 'member';
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const wanted = username.toLowerCase();
  const pages = client.owner.paginate.iterator(client.owner.rest.orgs.listOutsideCollaborators, {
    org: client.org,
    per_page: 100,
  });
  for await (const page of pages) {
    if (page.data.some((user) => user.login.toLowerCase() === wanted)) {
      return 'outside_collaborator';
    }
  }
  return 'none';
}

/** What removing the person from the org came to. */
export type OrgRemoval = { kind: 'removed'; status: number } | { kind: 'already_gone' };

/**
 * Removes a member (from every team too) or an outside collaborator (from every repository).
 * A 404 means they left meanwhile.
 * https://docs.github.com/rest/orgs/members#remove-an-organization-member
 * https://docs.github.com/rest/orgs/outside-collaborators#remove-outside-collaborator-from-an-organization
 */
export async function removeFromOrg(
  client: GitHubClient,
  username: string,
  affiliation: Exclude<OrgAffiliation, 'none'>,
): Promise<OrgRemoval> {
  const params = { org: client.org, username };
  try {
    const response =
      affiliation === 'member'
        ? await client.owner.rest.orgs.removeMember(params)
        : await client.owner.rest.orgs.removeOutsideCollaborator(params);
    return { kind: 'removed', status: response.status };
  } catch (error) {
    if (isNotFound(error)) return { kind: 'already_gone' };
    throw error;
  }
}
