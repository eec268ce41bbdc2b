import type { SandboxServer } from '../integrations/sandbox-kit/server.ts';
import { sandboxDefinitions } from '../integrations/sandboxes.ts';

export interface StartedSandboxes {
  servers: Map<string, SandboxServer>;
  /** What points each integration at its sandbox. */
  env: Record<string, string>;
}

const NOT_CREDENTIALS = /(_BASE_URL|_RATE_LIMIT|^HUB_ALLOW_PRIVATE_TARGETS)$/;

/**
 * Starts a sandbox vendor for every integration that has no real credentials in
 * `env`: its variables (other than base URLs and rate limits) are all unset.
 */
export async function startSandboxes(
  env: Readonly<Record<string, string | undefined>>,
): Promise<StartedSandboxes> {
  const latencyMs = Number(env.HUB_SANDBOX_LATENCY_MS ?? 0);
  const servers = new Map<string, SandboxServer>();
  const sandboxEnv: Record<string, string> = {};
  for (const definition of sandboxDefinitions) {
    const credentialKeys = Object.keys(definition.env('http://127.0.0.1:1')).filter(
      (key) => !NOT_CREDENTIALS.test(key),
    );
    if (credentialKeys.some((key) => env[key] !== undefined && env[key] !== '')) continue;
    // Webhook sandboxes listen on loopback: with private targets refused they could not be reached.
    const needsPrivateTargets =
      definition.env('http://127.0.0.1:1').HUB_ALLOW_PRIVATE_TARGETS === '1';
    if (needsPrivateTargets && env.HUB_ALLOW_PRIVATE_TARGETS === '0') continue;
    const server = await definition.start({ latencyMs });
    servers.set(definition.integration, server);
    Object.assign(sandboxEnv, definition.env(server.baseUrl));
  }
  return { servers, env: sandboxEnv };
}
