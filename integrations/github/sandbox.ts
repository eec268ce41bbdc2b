import type { SandboxDefinition } from '../contract.ts';
import { SandboxServer } from '../sandbox-kit/server.ts';
import { githubBehaviour } from './sandbox/api.ts';
import { GitHubWorld, SANDBOX_CREDENTIALS } from './sandbox/world.ts';

/**
 * A GitHub stand-in: one organization (`dsr-hub-demo`) with Ada Lovelace as a member
 * (`ada@example.com`, repository `site-ada`), Grace Hopper as an outside collaborator
 * (`grace@example.com`, `site-grace`), and an OAuth app holding a token for each.
 */
export const sandbox: SandboxDefinition = {
  integration: 'github',
  async start(options) {
    const holder: { server?: SandboxServer } = {};
    const behaviour = githubBehaviour(
      new GitHubWorld(),
      () => holder.server?.keepDataOnDelete ?? false,
    );
    const server = new SandboxServer(behaviour, options);
    holder.server = server;
    return server.listen();
  },
  env: (baseUrl) => ({
    GITHUB_BASE_URL: baseUrl,
    GITHUB_TOKEN: SANDBOX_CREDENTIALS.token,
    GITHUB_ORG: SANDBOX_CREDENTIALS.org,
    GITHUB_CLIENT_ID: SANDBOX_CREDENTIALS.clientId,
    GITHUB_CLIENT_SECRET: SANDBOX_CREDENTIALS.clientSecret,
  }),
};
