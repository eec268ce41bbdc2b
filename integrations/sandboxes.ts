import { sandbox as auth0 } from './auth0/sandbox.ts';
import type { SandboxDefinition } from './contract.ts';
import { sandbox as github } from './github/sandbox.ts';
import { sandbox as stripe } from './stripe/sandbox.ts';

/** The sandbox vendors `npm start` runs for integrations without credentials. */
export const sandboxDefinitions: readonly SandboxDefinition[] = [auth0, stripe, github];
