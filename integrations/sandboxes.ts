import { sandbox as auth0 } from './auth0/sandbox.ts';
import type { SandboxDefinition } from './contract.ts';
import { sandbox as facebook } from './facebook/sandbox.ts';
import { sandbox as github } from './github/sandbox.ts';
import { sandbox as gitter } from './gitter/sandbox.ts';
import { sandbox as googleAnalytics } from './google-analytics/sandbox.ts';
import { sandbox as happyFoxChat } from './happyfox-chat/sandbox.ts';
import { sandbox as inlineManual } from './inline-manual/sandbox.ts';
import { sandbox as partners } from './partners/sandbox.ts';
import { sandbox as stripe } from './stripe/sandbox.ts';

/** The sandbox vendors `npm start` runs for integrations without credentials. */
export const sandboxDefinitions: readonly SandboxDefinition[] = [
  auth0,
  stripe,
  github,
  googleAnalytics,
  facebook,
  happyFoxChat,
  gitter,
  inlineManual,
  partners,
];
