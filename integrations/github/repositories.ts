import { maskIdentifier } from '../../core/masking.ts';
import type { GitHubClient } from './client.ts';
import { isNotFound } from './vendor-error.ts';

/** A repository named in `subject.ids.githubRepos` as `owner/repo`. */
export interface RepositoryRef {
  owner: string;
  repo: string;
}

const REPOSITORY_REF = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/;

/**
 * Parses the requested repositories and keeps deletion inside the company's org: the
 * owner's token may also administer repositories elsewhere, which a request must not reach.
 */
export function parseRepositoryRefs(
  names: readonly string[] | undefined,
  org: string,
): { refs: RepositoryRef[] } | { problem: string } {
  const refs: RepositoryRef[] = [];
  for (const name of names ?? []) {
    const match = REPOSITORY_REF.exec(name.trim());
    if (!match?.[1] || !match[2] || /^\.+$/.test(match[2])) {
      return { problem: `repository "${maskIdentifier(name)}" is not of the form owner/repo` };
    }
    if (match[1].toLowerCase() !== org.toLowerCase()) {
      return {
        problem: `repository ${describeRepository({ owner: match[1], repo: match[2] })} is outside the organization ${org}; the hub deletes only the organization's repositories`,
      };
    }
    refs.push({ owner: match[1], repo: match[2] });
  }
  return { refs };
}

/** `org/site-a…`: the org is the company's; the repository name may name the person. */
export function describeRepository(ref: RepositoryRef): string {
  return `${ref.owner}/${maskIdentifier(ref.repo)}`;
}

/** What deleting a repository came to. */
export type RepositoryDeletion = { kind: 'deleted'; status: number } | { kind: 'already_gone' };

/**
 * Deletes the repository; a 404 means it is gone already.
 * https://docs.github.com/rest/repos/repos#delete-a-repository
 */
export async function deleteRepository(
  client: GitHubClient,
  ref: RepositoryRef,
): Promise<RepositoryDeletion> {
  try {
    const response = await client.owner.rest.repos.delete({ owner: ref.owner, repo: ref.repo });
    return { kind: 'deleted', status: response.status };
  } catch (error) {
    if (isNotFound(error)) return { kind: 'already_gone' };
    throw error;
  }
}

/**
 * Whether GitHub still serves the repository.
 * https://docs.github.com/rest/repos/repos#get-a-repository
 */
export async function repositoryExists(client: GitHubClient, ref: RepositoryRef): Promise<boolean> {
  try {
    await client.owner.rest.repos.get({ owner: ref.owner, repo: ref.repo });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
