import type { Integration } from '../../../integrations/contract.ts';
import { happyFoxChatIntegration } from '../../../integrations/happyfox-chat/index.ts';
import { createWorkerHandler } from '../create-handler.ts';

/** The happyfox-chat worker: its bundle carries this vendor's SDK and no other. */
const integration = happyFoxChatIntegration as unknown as Integration;

export const handler = createWorkerHandler((name) =>
  name === integration.name ? integration : undefined,
);
