import type { ActionOutcome } from '../../core/outcome.ts';
import type { ActionInput } from '../contract.ts';
import type { GitHubClient } from './client.ts';
import { revokeGrant } from './oauth-grant.ts';

/** What a restriction leaves at GitHub, and why. */
export const GITHUB_RESTRICTION_RETAINED =
  "Organization membership and the person's site repositories stay as they are: Art. 18 " +
  'allows storage, and removing a member would delete their forks of private organization ' +
  'repositories (GitHub restores them only if the member is reinstated within three months).';

/** Why a restriction without the person's OAuth token changes nothing at GitHub. */
export const GITHUB_RESTRICTION_WITHOUT_TOKEN =
  "no OAuth token (subject.ids.githubToken) to revoke the app's grant with; organization " +
  'membership and repositories are kept as storage, which Art. 18 allows';

/**
 * Restricts processing (GDPR Art. 18) by revoking the OAuth app's grant: the app can no
 * longer read the person's GitHub account, and the person can grant it again once the
 * restriction ends. Membership and repositories are kept, not destroyed.
 */
export async function restrictAtGitHub(
  client: GitHubClient,
  input: ActionInput,
): Promise<ActionOutcome> {
  const token = input.subject.ids?.githubToken;
  if (!token) return { kind: 'not_applicable', reason: GITHUB_RESTRICTION_WITHOUT_TOKEN };
  const grant = await revokeGrant(client, token);
  return {
    kind: 'acknowledged',
    evidence: {
      vendorStatus: grant.kind === 'revoked' ? grant.status : 404,
      detail:
        grant.kind === 'revoked'
          ? `revoked the OAuth app grant (${grant.status}): the app can no longer read the person's GitHub account`
          : "OAuth app grant already revoked (404): the app cannot read the person's GitHub account",
      retained: GITHUB_RESTRICTION_RETAINED,
    },
  };
}
