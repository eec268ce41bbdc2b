import { sandbox as auth0 } from '../../integrations/auth0/sandbox.ts';
import { sandbox as github } from '../../integrations/github/sandbox.ts';
import type { SandboxServer } from '../../integrations/sandbox-kit/server.ts';
import { sandbox as stripe } from '../../integrations/stripe/sandbox.ts';
import type { SandboxUrls } from './vendor-people.ts';

/** Auth0, Stripe and GitHub sandboxes run by the test, so that they outlive the hub. */
export interface VendorSandboxes {
  urls: SandboxUrls;
  servers: Record<keyof SandboxUrls, SandboxServer>;
  /** The variables that point a hub's integrations at these sandboxes. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the three sandboxes in the test's process. A hub given `env` treats them as real
 * vendors (credentials are set, so it starts no sandboxes of its own), and a crash of the
 * hub leaves their state alone, as a crash of ours leaves Stripe's.
 */
export async function startVendorSandboxes(latencyMs = 0): Promise<VendorSandboxes> {
  const servers = {
    auth0: await auth0.start({ latencyMs }),
    stripe: await stripe.start({ latencyMs }),
    github: await github.start({ latencyMs }),
  };
  return {
    servers,
    urls: {
      auth0: servers.auth0.baseUrl,
      stripe: servers.stripe.baseUrl,
      github: servers.github.baseUrl,
    },
    env: {
      ...auth0.env(servers.auth0.baseUrl),
      ...stripe.env(servers.stripe.baseUrl),
      ...github.env(servers.github.baseUrl),
    },
    async close() {
      await Promise.all(Object.values(servers).map((server) => server.close()));
    },
  };
}
