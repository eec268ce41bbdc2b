import { auth0Integration } from './auth0/index.ts';
import type { Env, Integration } from './contract.ts';
import { githubIntegration } from './github/index.ts';
import { stripeIntegration } from './stripe/index.ts';

/**
 * Every vendor integration with its SDK. Only the local runner loads them all;
 * each AWS worker bundle imports just its own (functions/worker/entries/).
 */
export const vendorIntegrations: readonly Integration[] = [
  auth0Integration,
  stripeIntegration,
  githubIntegration,
] as unknown as readonly Integration[];

export function resolveIntegration(name: string, _env: Env): Integration | undefined {
  return vendorIntegrations.find((integration) => integration.name === name);
}
