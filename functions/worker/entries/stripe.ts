import type { Integration } from '../../../integrations/contract.ts';
import { stripeIntegration } from '../../../integrations/stripe/index.ts';
import { createWorkerHandler } from '../create-handler.ts';

/** The stripe worker: its bundle carries this vendor's SDK and no other. */
const integration = stripeIntegration as unknown as Integration;

export const handler = createWorkerHandler((name) =>
  name === integration.name ? integration : undefined,
);
