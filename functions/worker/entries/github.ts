import type { Integration } from '../../../integrations/contract.ts';
import { githubIntegration } from '../../../integrations/github/index.ts';
import { createWorkerHandler } from '../create-handler.ts';

/** The github worker: its bundle carries this vendor's SDK and no other. */
const integration = githubIntegration as unknown as Integration;

export const handler = createWorkerHandler((name) =>
  name === integration.name ? integration : undefined,
);
