import type { Integration } from '../contract.ts';
import { createGitHubClient, type GitHubClient } from './client.ts';
import { type GitHubConfig, githubDescriptor } from './descriptor.ts';
import { eraseFromGitHub } from './erase.ts';
import { withGitHubRateLimits } from './rate-limit.ts';
import { restrictAtGitHub } from './restrict.ts';
import { verifyAtGitHub } from './verify.ts';

export type { GitHubClient, GitHubConfig };

/** Why rectification has no GitHub action. */
export const GITHUB_RECTIFICATION_REASON =
  'GitHub holds no profile data the company can rectify; the person edits their own profile';

/** GitHub through `@octokit/rest`: OAuth grant revocation, org removal, repository deletion. */
export const githubIntegration: Integration<GitHubConfig, GitHubClient> = {
  ...githubDescriptor,
  createClient: createGitHubClient,
  erase: (client, input) => withGitHubRateLimits(input.now, () => eraseFromGitHub(client, input)),
  rectify: async () => ({ kind: 'not_applicable', reason: GITHUB_RECTIFICATION_REASON }),
  restrict: (client, input) =>
    withGitHubRateLimits(input.now, () => restrictAtGitHub(client, input)),
  verify: verifyAtGitHub,
};
