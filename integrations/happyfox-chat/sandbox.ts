import { normalizeEmail } from '../../core/masking.ts';
import type { SandboxDefinition } from '../contract.ts';
import { generateWebhookSecret, webhookReceiver } from '../partners/webhook-receiver.ts';
import type { VendorBehaviour } from '../sandbox-kit/server.ts';
import { SandboxServer } from '../sandbox-kit/server.ts';

/** A HappyFox Chat visitor as the dashboard shows one. */
export interface ChatVisitor {
  name: string;
  email: string;
  phone?: string;
  transcripts: number;
  offlineMessages: number;
  restricted: boolean;
}

const PATH = '/contact-inbox';
// One secret per process, shared by the inbox and the env that points the hub at it.
const secret = generateWebhookSecret();

function demoVisitors(): ChatVisitor[] {
  return [
    {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+441234567890',
      transcripts: 3,
      offlineMessages: 1,
      restricted: false,
    },
    {
      name: 'Grace Hopper',
      email: 'grace@example.com',
      transcripts: 1,
      offlineMessages: 0,
      restricted: false,
    },
  ];
}

interface Notification {
  type?: string;
  subject?: { email?: string };
  changes?: { email?: string; name?: string; phone?: string };
}

/**
 * The HappyFox Chat contact's inbox plus the dashboard they work in: it verifies the
 * signed notification, and the "person" then does what it says to the seeded
 * visitors and confirms through the ack URL. With `keepData` the person confirms but
 * changes nothing, the failure only an audit would catch.
 */
function contactAndDashboard(keepData: () => boolean): VendorBehaviour {
  let visitors = demoVisitors();

  function act(payload: Record<string, unknown>): void {
    if (keepData()) return;
    const notification = payload as Notification;
    const email = notification.subject?.email;
    if (!email) return;
    const match = (visitor: ChatVisitor) => normalizeEmail(visitor.email) === normalizeEmail(email);
    if (notification.type === 'dsr.erasure') {
      visitors = visitors.filter((visitor) => !match(visitor));
      return;
    }
    for (const visitor of visitors.filter(match)) {
      if (notification.type === 'dsr.restriction') visitor.restricted = true;
      if (notification.type === 'dsr.rectification') Object.assign(visitor, notification.changes);
    }
  }

  const inbox = webhookReceiver({ name: 'happyfox-chat', secret, path: PATH, rateLimit: 5, act });
  return {
    ...inbox,
    seed(data) {
      inbox.seed?.(data);
      const more = (data as { visitors?: ChatVisitor[] }).visitors;
      if (Array.isArray(more)) visitors.push(...more);
    },
    reset() {
      inbox.reset?.();
      visitors = demoVisitors();
    },
    state: () => ({ ...(inbox.state?.() as object), visitors }),
  };
}

/**
 * The HappyFox Chat sandbox: a contact inbox in place of the person who erases by
 * hand. `POST /__sandbox/seed {"autoAck": false}` makes the person wait for a test;
 * `POST /__sandbox/script {"status": 410}` (or 429, 500) scripts the inbox's answer.
 */
export const sandbox: SandboxDefinition = {
  integration: 'happyfox-chat',
  async start(options) {
    let server: SandboxServer | undefined;
    const behaviour = contactAndDashboard(() => server?.keepDataOnDelete ?? false);
    server = new SandboxServer(behaviour, options);
    return server.listen();
  },
  env: (baseUrl) => ({
    HAPPYFOX_CONTACT_WEBHOOK_URL: `${baseUrl}${PATH}`,
    HAPPYFOX_CONTACT_WEBHOOK_SECRET: secret,
    HUB_ALLOW_PRIVATE_TARGETS: '1',
  }),
};
