import { normalizeEmail } from '../../core/masking.ts';
import type { Subject } from '../../core/model.ts';
import type { GitHubClient } from './client.ts';
import { isNotFound } from './vendor-error.ts';

/** Who the subject is on GitHub, and how the hub knows. */
export type GitHubIdentity =
  | { kind: 'found'; username: string; via: 'id' | 'email' }
  | { kind: 'none' }
  | { kind: 'ambiguous'; matches: number };

/** Candidates from the search that the hub confirms; search is full-text, not an exact lookup. */
const SEARCH_CANDIDATES = 10;

/**
 * The subject's GitHub username: `subject.ids.github` when given, otherwise the one account
 * whose public email is the subject's email. Search matches loosely, so each hit is
 * confirmed against the account's own public email before it counts.
 * https://docs.github.com/rest/search/search#search-users
 */
export async function findGitHubIdentity(
  client: GitHubClient,
  subject: Subject,
): Promise<GitHubIdentity> {
  const username = subject.ids?.github?.trim();
  if (username) return { kind: 'found', username, via: 'id' };
  if (!subject.email) return { kind: 'none' };
  const email = normalizeEmail(subject.email);

  const search = await client.owner.rest.search.users({
    q: `${email} in:email`,
    per_page: SEARCH_CANDIDATES,
  });
  const confirmed: string[] = [];
  for (const item of search.data.items) {
    const publicEmail = await publicEmailOf(client, item.login);
    if (publicEmail !== undefined && normalizeEmail(publicEmail) === email) {
      confirmed.push(item.login);
    }
  }
  const [only] = confirmed;
  if (only === undefined) return { kind: 'none' };
  if (confirmed.length > 1) return { kind: 'ambiguous', matches: confirmed.length };
  return { kind: 'found', username: only, via: 'email' };
}

/** https://docs.github.com/rest/users/users#get-a-user */
async function publicEmailOf(client: GitHubClient, username: string): Promise<string | undefined> {
  try {
    const user = await client.owner.rest.users.getByUsername({ username });
    return user.data.email ?? undefined;
  } catch (error) {
    // The account went away between search and lookup: it is not the subject's any more.
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
