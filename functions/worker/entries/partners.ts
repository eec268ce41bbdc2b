import type { Integration } from '../../../integrations/contract.ts';
import { partnerIntegrations } from '../../../integrations/partners/index.ts';
import { createWorkerHandler } from '../create-handler.ts';

/** The worker of every webhook partner (`partner:<name>`), configured by HUB_PARTNERS. */
export const handler = createWorkerHandler((name, env) =>
  (partnerIntegrations(env) as unknown as Integration[]).find((partner) => partner.name === name),
);
