import { auth0Integration } from '../../../integrations/auth0/index.ts';
import type { Integration } from '../../../integrations/contract.ts';
import { createWorkerHandler } from '../create-handler.ts';

/** The auth0 worker: its bundle carries this vendor's SDK and no other. */
const integration = auth0Integration as unknown as Integration;

export const handler = createWorkerHandler((name) =>
  name === integration.name ? integration : undefined,
);
