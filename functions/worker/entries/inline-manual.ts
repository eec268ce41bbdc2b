import type { Integration } from '../../../integrations/contract.ts';
import { inlineManualIntegration } from '../../../integrations/inline-manual/index.ts';
import { createWorkerHandler } from '../create-handler.ts';

/** The inline-manual worker: its bundle carries this vendor's SDK and no other. */
const integration = inlineManualIntegration as unknown as Integration;

export const handler = createWorkerHandler((name) =>
  name === integration.name ? integration : undefined,
);
