import type { Integration } from '../../../integrations/contract.ts';
import { gitterIntegration } from '../../../integrations/gitter/index.ts';
import { createWorkerHandler } from '../create-handler.ts';

/** The gitter worker: its bundle carries this vendor's SDK and no other. */
const integration = gitterIntegration as unknown as Integration;

export const handler = createWorkerHandler((name) =>
  name === integration.name ? integration : undefined,
);
