import type { ActionOutcome, Verification } from '../../core/outcome.ts';
import type { ActionInput, Integration, VendorFetch } from '../contract.ts';
import { dsrNotification, notificationId } from '../partners/notification.ts';
import { deliverWebhook } from '../partners/webhook-delivery.ts';
import { type HappyFoxChatConfig, happyFoxChatDescriptor } from './descriptor.ts';
import { dashboardInstructions } from './instructions.ts';

/** The configured contact and the host's fetch the notification goes through. */
export interface HappyFoxChatClient {
  config: HappyFoxChatConfig;
  fetch: VendorFetch;
}

const DONE_IN_DASHBOARD = {
  erasure: 'erasure',
  rectification: 'correction',
  restriction: 'restriction',
} as const;

/**
 * Tells the HappyFox Chat contact, by a signed webhook, what to change in the
 * dashboard, and leaves the task awaiting their acknowledgement.
 */
async function notifyContact(
  client: HappyFoxChatClient,
  input: ActionInput,
): Promise<ActionOutcome> {
  // HappyFox Chat finds visitors by email; the hub holds no other HappyFox identifier.
  if (!input.subject.email) {
    return { kind: 'not_applicable', reason: 'no email to find the visitor in HappyFox Chat by' };
  }
  if (!input.ackUrl) {
    return { kind: 'failed', error: 'no ack URL was issued for this manual task' };
  }
  const payload = {
    ...dsrNotification(input, input.ackUrl),
    integration: happyFoxChatDescriptor.name,
    instructions: dashboardInstructions(input.type, input.deadline),
  };
  return deliverWebhook(
    client.config,
    client.fetch,
    {
      id: notificationId(input.requestId, happyFoxChatDescriptor.name, input.type, input.reminder),
      timestamp: input.now,
      payload,
    },
    {
      recipient: 'HappyFox Chat contact',
      awaiting: `notified the HappyFox Chat contact; awaiting confirmation of the ${DONE_IN_DASHBOARD[input.type]} in the HappyFox Chat dashboard`,
      gone: 'HappyFox Chat contact endpoint gone; notifications disabled',
    },
  );
}

/** HappyFox Chat: a manual integration, since its public REST API cannot delete or change. */
export const happyFoxChatIntegration: Integration<HappyFoxChatConfig, HappyFoxChatClient> = {
  ...happyFoxChatDescriptor,
  createClient: (config, fetch) => ({ config, fetch }),
  erase: notifyContact,
  rectify: notifyContact,
  restrict: notifyContact,
  async verify(): Promise<Verification> {
    return {
      kind: 'unverifiable',
      reason: 'HappyFox Chat is changed by hand; the contact’s acknowledgement is the evidence',
    };
  },
};
