import type { SandboxDefinition } from '../contract.ts';
import { SandboxServer } from '../sandbox-kit/server.ts';
import { createHomeserver, type SandboxRoomSeed } from './sandbox-homeserver.ts';

/** The bot the sandbox homeserver knows; `env()` hands these to `configure`. */
export const SANDBOX_BOT_USER_ID = '@dsr-bot:gitter.im';
export const SANDBOX_ACCESS_TOKEN = 'syt_sandbox_gitter_bot_token';
export const SANDBOX_ROOM_IDS = ['!community:gitter.im', '!support:gitter.im'] as const;

/**
 * Demo community: Ada is in both rooms, Grace left the support room but her
 * messages are still there, Linus stays untouched by their requests. A demo
 * request finds them by `subject.ids.matrix` (`@ada:gitter.im`, `@grace:gitter.im`):
 * Matrix cannot look a person up by email.
 */
function demoRooms(): SandboxRoomSeed[] {
  const ada = '@ada:gitter.im';
  const grace = '@grace:gitter.im';
  const linus = '@linus:gitter.im';
  return [
    {
      roomId: '!community:gitter.im',
      members: { [ada]: 'join', [grace]: 'join', [linus]: 'join' },
      messages: [
        { sender: ada, body: 'Hello! Ada here, ada@example.com if you need me.' },
        { sender: linus, body: 'Welcome, Ada.' },
        { sender: grace, body: 'Grace (grace@example.com): is the v2 API documented?' },
        { sender: ada, body: 'It is, in the docs site.' },
      ],
    },
    {
      roomId: '!support:gitter.im',
      members: { [ada]: 'join', [grace]: 'leave' },
      messages: [
        { sender: grace, body: 'My invoice shows the wrong address.' },
        { sender: ada, body: 'Deploys fail for my site since Monday.' },
      ],
    },
  ];
}

/** A gitter.im-like homeserver for local runs and tests. */
export const sandbox: SandboxDefinition = {
  integration: 'gitter',
  async start(options) {
    const homeserver = createHomeserver({
      accessToken: SANDBOX_ACCESS_TOKEN,
      botUserId: SANDBOX_BOT_USER_ID,
      demoRooms,
      keepData: () => server.keepDataOnDelete,
    });
    const server = new SandboxServer(homeserver, options);
    return server.listen();
  },
  env(baseUrl) {
    return {
      GITTER_BASE_URL: baseUrl,
      GITTER_ACCESS_TOKEN: SANDBOX_ACCESS_TOKEN,
      GITTER_USER_ID: SANDBOX_BOT_USER_ID,
      GITTER_ROOM_IDS: SANDBOX_ROOM_IDS.join(','),
    };
  },
};
