import type { Verification } from '../../core/outcome.ts';
import type { ActionInput } from '../contract.ts';
import type { GitHubClient } from './client.ts';
import { describeAccount } from './erase.ts';
import { findGitHubIdentity } from './identity.ts';
import { tokenIsValid } from './oauth-grant.ts';
import { orgAffiliation } from './org-access.ts';
import { describeRepository, parseRepositoryRefs, repositoryExists } from './repositories.ts';

/** One read-back: what was looked at, and whether it is still there. */
interface Check {
  detail: string;
  present: boolean;
}

async function grantCheck(client: GitHubClient, token: string): Promise<Check> {
  const valid = await tokenIsValid(client, token);
  return {
    detail: valid ? 'OAuth token still valid (200)' : 'OAuth token revoked (404)',
    present: valid,
  };
}

async function erasureChecks(client: GitHubClient, input: ActionInput): Promise<Check[]> {
  const ids = input.subject.ids ?? {};
  const checks: Check[] = [];
  if (ids.githubToken) checks.push(await grantCheck(client, ids.githubToken));
  const identity = await findGitHubIdentity(client, input.subject);
  if (identity.kind === 'found') {
    const account = describeAccount(identity);
    const affiliation = await orgAffiliation(client, identity.username);
    checks.push(
      affiliation === 'none'
        ? { detail: `${account} not in ${client.org} (404)`, present: false }
        : {
            detail: `${account} still ${affiliation.replace('_', ' ')} of ${client.org}`,
            present: true,
          },
    );
  }
  const repositories = parseRepositoryRefs(ids.githubRepos, client.org);
  for (const ref of 'refs' in repositories ? repositories.refs : []) {
    const exists = await repositoryExists(client, ref);
    const name = describeRepository(ref);
    checks.push({
      detail: exists ? `repository ${name} still exists (200)` : `repository ${name} gone (404)`,
      present: exists,
    });
  }
  return checks;
}

function conclude(checks: readonly Check[], nothingToCheck: string): Verification {
  if (checks.length === 0) return { kind: 'unverifiable', reason: nothingToCheck };
  const present = checks.filter((check) => check.present);
  if (present.length > 0) {
    return { kind: 'still_present', detail: present.map((check) => check.detail).join('; ') };
  }
  return { kind: 'verified', detail: checks.map((check) => check.detail).join('; ') };
}

/**
 * Reads GitHub back after an action: for an erasure, the token no longer works, the account
 * is neither member nor outside collaborator, and each repository answers 404; for a
 * restriction, the token no longer works.
 */
export async function verifyAtGitHub(
  client: GitHubClient,
  input: ActionInput,
): Promise<Verification> {
  switch (input.type) {
    case 'erasure':
      return conclude(
        await erasureChecks(client, input),
        'no GitHub account, repository or OAuth token to look at',
      );
    case 'restriction': {
      const token = input.subject.ids?.githubToken;
      return conclude(
        token ? [await grantCheck(client, token)] : [],
        'no OAuth token to check; nothing was changed at GitHub',
      );
    }
    case 'rectification':
      return { kind: 'unverifiable', reason: 'nothing is changed at GitHub for a rectification' };
  }
}
