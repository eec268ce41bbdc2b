import type { Verification } from '../../core/outcome.ts';
import type { Integration } from '../contract.ts';
import { eraseFromAudiences, rectifyInAudiences, restrictInAudiences } from './audiences.ts';
import { type FacebookConfig, facebookDescriptor } from './descriptor.ts';
import { createFacebookClient, type FacebookClient } from './graph-client.ts';

const NO_READ_BACK: Verification = {
  kind: 'unverifiable',
  reason:
    'the Graph API cannot tell whether a hash is in a Custom Audience: an audience shows only ' +
    'its approximate size, never its members',
};

/**
 * Facebook Custom Audiences through the Graph API over the host's fetch: erasure and
 * restriction remove the email's hash from every configured audience, rectification swaps it.
 */
export const facebookIntegration: Integration<FacebookConfig, FacebookClient> = {
  ...facebookDescriptor,
  createClient: createFacebookClient,
  erase: eraseFromAudiences,
  rectify: rectifyInAudiences,
  restrict: restrictInAudiences,
  verify: async () => NO_READ_BACK,
};

export type { FacebookConfig } from './descriptor.ts';
export type { FacebookClient } from './graph-client.ts';
