import type { Verification } from '../../core/outcome.ts';
import type { ActionInput, Env, Integration, VendorFetch } from '../contract.ts';
import { type PartnerConfig, readPartners } from './config.ts';
import { partnerDescriptor } from './descriptor.ts';
import { dsrNotification, notificationId } from './notification.ts';
import { deliverWebhook } from './webhook-delivery.ts';

/** A configured partner and the host's fetch its notifications go through. */
export interface PartnerClient {
  config: PartnerConfig;
  fetch: VendorFetch;
}

const WORDING = {
  recipient: 'partner',
  awaiting: 'notified, awaiting partner confirmation',
  gone: 'partner endpoint gone; partner disabled',
};

/**
 * One webhook partner: every action POSTs a signed notification and leaves the task
 * awaiting the partner's acknowledgement at `ackUrl`.
 */
export function partnerIntegration(partner: string): Integration<PartnerConfig, PartnerClient> {
  const descriptor = partnerDescriptor(partner);

  async function notify(client: PartnerClient, input: ActionInput) {
    if (!input.ackUrl) {
      return { kind: 'failed' as const, error: 'no ack URL was issued for this partner task' };
    }
    return deliverWebhook(
      client.config,
      client.fetch,
      {
        id: notificationId(input.requestId, descriptor.name, input.type, input.reminder),
        timestamp: input.now,
        payload: dsrNotification(input, input.ackUrl),
      },
      WORDING,
    );
  }

  return {
    ...descriptor,
    createClient: (config, fetch) => ({ config, fetch }),
    erase: notify,
    rectify: notify,
    restrict: notify,
    async verify(): Promise<Verification> {
      return {
        kind: 'unverifiable',
        reason: 'the partner has no read-back API; its acknowledgement is the evidence',
      };
    },
  };
}

/** Every partner in HUB_PARTNERS as an integration; throws if the variable is malformed. */
export function partnerIntegrations(env: Env): Integration<PartnerConfig, PartnerClient>[] {
  return readPartners(env).map((config) => partnerIntegration(config.name));
}
