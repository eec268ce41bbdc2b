import { auth0Integration } from './auth0/index.ts';
import type { Env, Integration } from './contract.ts';
import { facebookIntegration } from './facebook/index.ts';
import { githubIntegration } from './github/index.ts';
import { gitterIntegration } from './gitter/index.ts';
import { googleAnalyticsIntegration } from './google-analytics/index.ts';
import { happyFoxChatIntegration } from './happyfox-chat/index.ts';
import { inlineManualIntegration } from './inline-manual/index.ts';
import { partnerIntegrations } from './partners/index.ts';
import { stripeIntegration } from './stripe/index.ts';

/**
 * Every vendor integration with its SDK. Only the local runner loads them all;
 * each AWS worker bundle imports just its own (functions/worker/entries/).
 */
export const vendorIntegrations = [
  auth0Integration,
  stripeIntegration,
  githubIntegration,
  googleAnalyticsIntegration,
  facebookIntegration,
  happyFoxChatIntegration,
  gitterIntegration,
  inlineManualIntegration,
] as unknown as readonly Integration[];

export function resolveIntegration(name: string, env: Env): Integration | undefined {
  if (name.startsWith('partner:')) {
    return (partnerIntegrations(env) as unknown as Integration[]).find((p) => p.name === name);
  }
  return vendorIntegrations.find((integration) => integration.name === name);
}
