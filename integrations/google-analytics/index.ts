import type { Verification } from '../../core/outcome.ts';
import type { Integration } from '../contract.ts';
import { createGoogleAnalyticsClient, type GoogleAnalyticsClient } from './client.ts';
import { type GoogleAnalyticsConfig, googleAnalyticsDescriptor } from './descriptor.ts';
import { eraseGoogleAnalyticsUser } from './erase.ts';

const NO_READ_BACK: Verification = {
  kind: 'unverifiable',
  reason:
    'Google Analytics has no read-back for user deletions: submitUserDeletion only confirms ' +
    'that Google received the request, and no API looks a user up by client or user id',
};

/** Google Analytics 4: user deletion through the Admin API (`@googleapis/analyticsadmin`). */
export const googleAnalyticsIntegration: Integration<GoogleAnalyticsConfig, GoogleAnalyticsClient> =
  {
    ...googleAnalyticsDescriptor,
    createClient: createGoogleAnalyticsClient,
    erase: eraseGoogleAnalyticsUser,
    verify: async () => NO_READ_BACK,
  };

export type { GoogleAnalyticsClient } from './client.ts';
export type { GoogleAnalyticsConfig } from './descriptor.ts';
