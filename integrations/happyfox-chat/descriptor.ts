import { REQUEST_TYPES } from '../../core/model.ts';
import type { Env, IntegrationDescriptor } from '../contract.ts';
import { readAllowPrivateTargets } from '../outbound/env.ts';
import {
  describeIssues,
  webhookSecretSchema,
  webhookUrlSchema,
} from '../partners/endpoint-schema.ts';
import type { WebhookEndpoint } from '../partners/webhook-delivery.ts';

/** Where the person who erases HappyFox Chat data by hand gets told to. */
export type HappyFoxChatConfig = WebhookEndpoint;

const URL_VAR = 'HAPPYFOX_CONTACT_WEBHOOK_URL';
const SECRET_VAR = 'HAPPYFOX_CONTACT_WEBHOOK_SECRET';

/**
 * HappyFox Chat holds visitors' names, emails, phone numbers, chat transcripts and
 * offline messages. Its REST API only reads, so every action is a person's job in
 * the HappyFox Chat dashboard: the hub notifies them and waits for the ack link.
 */
export const happyFoxChatDescriptor: IntegrationDescriptor<HappyFoxChatConfig> = {
  name: 'happyfox-chat',
  title: 'HappyFox Chat',
  mode: 'manual',
  configuredTargets: true,
  supports: REQUEST_TYPES,
  // No vendor API is called: one notification a second is plenty for a person's inbox.
  rateLimit: { perSecond: 1, envVar: 'HAPPYFOX_CHAT_RATE_LIMIT' },
  configure(env: Env): HappyFoxChatConfig | undefined {
    const url = env[URL_VAR]?.trim();
    const secret = env[SECRET_VAR]?.trim();
    if (!url && !secret) return undefined;
    if (!url || !secret) throw new Error(`${URL_VAR} and ${SECRET_VAR} must be set together`);
    const allowPrivateTargets = readAllowPrivateTargets(env);
    const checkedUrl = webhookUrlSchema(allowPrivateTargets).safeParse(url);
    if (!checkedUrl.success) throw new Error(`${URL_VAR}: ${describeIssues(checkedUrl.error)}`);
    const checkedSecret = webhookSecretSchema.safeParse(secret);
    if (!checkedSecret.success) {
      throw new Error(`${SECRET_VAR}: ${describeIssues(checkedSecret.error)}`);
    }
    return { url, secret, allowPrivateTargets };
  },
};
