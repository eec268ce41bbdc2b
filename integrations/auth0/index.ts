import type { Integration } from '../contract.ts';
import { type Auth0Client, createAuth0Client } from './client.ts';
import { type Auth0Config, auth0Descriptor } from './descriptor.ts';
import { eraseAuth0Users } from './erase.ts';
import { rectifyAuth0Users, restrictAuth0Users } from './update.ts';
import { verifyAuth0 } from './verify.ts';

/**
 * Auth0 through the official `auth0` SDK (Management API v2): erasure deletes every user of
 * the subject, rectification patches root attributes, restriction blocks the users.
 */
export const auth0Integration: Integration<Auth0Config, Auth0Client> = {
  ...auth0Descriptor,
  createClient: createAuth0Client,
  erase: eraseAuth0Users,
  rectify: rectifyAuth0Users,
  restrict: restrictAuth0Users,
  verify: verifyAuth0,
};

export type { Auth0Client } from './client.ts';
export type { Auth0Config } from './descriptor.ts';
