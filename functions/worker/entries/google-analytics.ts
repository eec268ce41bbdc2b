import type { Integration } from '../../../integrations/contract.ts';
import { googleAnalyticsIntegration } from '../../../integrations/google-analytics/index.ts';
import { createWorkerHandler } from '../create-handler.ts';

/** The google-analytics worker: its bundle carries this vendor's SDK and no other. */
const integration = googleAnalyticsIntegration as unknown as Integration;

export const handler = createWorkerHandler((name) =>
  name === integration.name ? integration : undefined,
);
