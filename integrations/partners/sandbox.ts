import type { SandboxDefinition } from '../contract.ts';
import { SandboxServer } from '../sandbox-kit/server.ts';
import { partnerIntegrationName } from './descriptor.ts';
import { generateWebhookSecret, webhookReceiver } from './webhook-receiver.ts';

const PARTNER = 'sandbox-partner';
const PATH = '/webhooks/dsr';
// One secret per process, shared by the receiver and the env that points the hub at it.
const secret = generateWebhookSecret();

/**
 * A demo partner that verifies signatures and confirms each notification through its
 * ack URL shortly after. `POST /__sandbox/seed {"autoAck": false}` makes it wait for
 * a test to confirm; `POST /__sandbox/script {"status": 410}` (or 429, 500) makes it
 * answer like a partner that left, is overloaded or is broken.
 */
export const sandbox: SandboxDefinition = {
  integration: partnerIntegrationName(PARTNER),
  start: (options) =>
    new SandboxServer(webhookReceiver({ name: PARTNER, secret, path: PATH }), options).listen(),
  env: (baseUrl) => ({
    HUB_PARTNERS: JSON.stringify([{ name: PARTNER, url: `${baseUrl}${PATH}`, secret }]),
    HUB_ALLOW_PRIVATE_TARGETS: '1',
  }),
};
