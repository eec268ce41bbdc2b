import type { Integration } from '../../../integrations/contract.ts';
import { facebookIntegration } from '../../../integrations/facebook/index.ts';
import { createWorkerHandler } from '../create-handler.ts';

/** The facebook worker: its bundle carries this vendor's SDK and no other. */
const integration = facebookIntegration as unknown as Integration;

export const handler = createWorkerHandler((name) =>
  name === integration.name ? integration : undefined,
);
