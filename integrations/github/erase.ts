import { maskIdentifier } from '../../core/masking.ts';
import type { ActionOutcome } from '../../core/outcome.ts';
import type { ActionInput } from '../contract.ts';
import type { GitHubClient } from './client.ts';
import { findGitHubIdentity, type GitHubIdentity } from './identity.ts';
import { revokeGrant } from './oauth-grant.ts';
import { orgAffiliation, removeFromOrg } from './org-access.ts';
import { deleteRepository, describeRepository, parseRepositoryRefs } from './repositories.ts';

/** One thing erasure looked at: what it found and did, in words without raw identifiers. */
interface ErasureStep {
  detail: string;
  /** The status of the call that changed something; absent when there was nothing to change. */
  status?: number;
}

/** What stays at GitHub after an erasure, and why. */
export const GITHUB_ERASURE_RETAINED =
  "The person's own GitHub account stays: it is theirs, not the company's. Commits, issues and " +
  "comments they wrote in the organization's other repositories keep their name (git history). " +
  'GitHub lets an owner restore a deleted repository for 90 days.';

/** `ada-lo…`, said with how the hub knows the account. */
export function describeAccount(identity: Extract<GitHubIdentity, { kind: 'found' }>): string {
  const via = identity.via === 'email' ? ' (found by public email)' : '';
  return `account ${maskIdentifier(identity.username)}${via}`;
}

/**
 * Erases the subject at GitHub:
 * 1. refuses repositories outside the organization before touching anything;
 * 2. finds the account (`subject.ids.github`, else by public email);
 * 3. revokes the OAuth app's grant when the person's token is given;
 * 4. removes the account from the organization, as a member or an outside collaborator;
 * 5. deletes each named repository.
 * Anything already gone counts as done; nothing found at all is not applicable.
 */
export async function eraseFromGitHub(
  client: GitHubClient,
  input: ActionInput,
): Promise<ActionOutcome> {
  const ids = input.subject.ids ?? {};
  const repositories = parseRepositoryRefs(ids.githubRepos, client.org);
  if ('problem' in repositories) return { kind: 'failed', error: repositories.problem };
  const identity = await findGitHubIdentity(client, input.subject);
  if (identity.kind === 'ambiguous') {
    return {
      kind: 'failed',
      error: `${identity.matches} GitHub accounts show this email publicly; name the account in subject.ids.github`,
    };
  }

  const steps: ErasureStep[] = [];
  if (ids.githubToken) {
    const grant = await revokeGrant(client, ids.githubToken);
    steps.push(
      grant.kind === 'revoked'
        ? { detail: `revoked the OAuth app grant (${grant.status})`, status: grant.status }
        : { detail: 'OAuth app grant already revoked (404)' },
    );
  }
  if (identity.kind === 'found') {
    const account = describeAccount(identity);
    const affiliation = await orgAffiliation(client, identity.username);
    if (affiliation === 'none') {
      steps.push({ detail: `${account} is not in the organization ${client.org}` });
    } else {
      const role = affiliation === 'member' ? 'member' : 'outside collaborator';
      const removal = await removeFromOrg(client, identity.username, affiliation);
      steps.push(
        removal.kind === 'removed'
          ? {
              detail: `removed ${role} ${account} from ${client.org} (${removal.status})`,
              status: removal.status,
            }
          : { detail: `${account} already left ${client.org} (404)` },
      );
    }
  }
  for (const ref of repositories.refs) {
    const deletion = await deleteRepository(client, ref);
    const name = describeRepository(ref);
    steps.push(
      deletion.kind === 'deleted'
        ? { detail: `deleted repository ${name} (${deletion.status})`, status: deletion.status }
        : { detail: `repository ${name} already gone (404)` },
    );
  }

  const changed = steps.filter((step) => step.status !== undefined);
  if (changed.length === 0) {
    return {
      kind: 'not_applicable',
      reason:
        steps.length === 0
          ? 'no GitHub account shows this email publicly, and the request names no GitHub account, repository or OAuth token'
          : `nothing of the person's left at GitHub: ${steps.map((step) => step.detail).join('; ')}`,
    };
  }
  return {
    kind: 'acknowledged',
    evidence: {
      vendorStatus: changed.at(-1)?.status,
      detail: steps.map((step) => step.detail).join('; '),
      retained: GITHUB_ERASURE_RETAINED,
    },
  };
}
