import { auth0Descriptor } from './auth0/descriptor.ts';
import type { Env, IntegrationDescriptor } from './contract.ts';
import { facebookDescriptor } from './facebook/descriptor.ts';
import { githubDescriptor } from './github/descriptor.ts';
import { gitterDescriptor } from './gitter/descriptor.ts';
import { googleAnalyticsDescriptor } from './google-analytics/descriptor.ts';
import { happyFoxChatDescriptor } from './happyfox-chat/descriptor.ts';
import { inlineManualDescriptor } from './inline-manual/descriptor.ts';
import { partnerDescriptors } from './partners/descriptor.ts';
import { stripeDescriptor } from './stripe/descriptor.ts';

/** Every vendor the hub knows, without their SDKs: what the API and reconciler load. */
export const vendorDescriptors: readonly IntegrationDescriptor[] = [
  auth0Descriptor,
  stripeDescriptor,
  githubDescriptor,
  googleAnalyticsDescriptor,
  facebookDescriptor,
  happyFoxChatDescriptor,
  gitterDescriptor,
  inlineManualDescriptor,
] as readonly IntegrationDescriptor<unknown>[] as readonly IntegrationDescriptor[];

/** Vendors plus the webhook partners configured in `HUB_PARTNERS`. */
export function allDescriptors(env: Env): IntegrationDescriptor[] {
  return [...vendorDescriptors, ...(partnerDescriptors(env) as IntegrationDescriptor[])];
}

/**
 * The integrations this hub acts on: those named in `HUB_INTEGRATIONS` (default
 * all) whose credentials are configured.
 */
export function enabledDescriptors(env: Env): Map<string, IntegrationDescriptor> {
  const wanted = env.HUB_INTEGRATIONS?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const enabled = new Map<string, IntegrationDescriptor>();
  for (const descriptor of allDescriptors(env)) {
    if (wanted && !wanted.includes(descriptor.name)) continue;
    // On AWS only each worker may read its vendor's credentials: the API then trusts the
    // deployment's list, and a worker without credentials fails its task visibly.
    const credentialsInWorkers =
      env.HUB_CREDENTIALS_IN_WORKERS === '1' && !descriptor.name.startsWith('partner:');
    if (!credentialsInWorkers && descriptor.configure(env) === undefined) continue;
    enabled.set(descriptor.name, descriptor);
  }
  return enabled;
}
