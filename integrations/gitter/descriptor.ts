import type { Env, IntegrationDescriptor } from '../contract.ts';

/** Where and as whom the room-admin bot acts. */
export interface GitterConfig {
  /**
   * Client-server API of the gitter.im homeserver (scheme and host).
   * @default 'https://gitter.ems.host' (gitter.im delegates its Matrix server there)
   */
  baseUrl: string;
  /** Access token of the bot account; it must be a moderator (kick and redact power) in every room. */
  accessToken: string;
  /** The bot's own Matrix id, e.g. `@acme-dsr-bot:gitter.im`. */
  botUserId: string;
  /** Room ids (`!…:gitter.im`) of the company's community rooms. */
  roomIds: readonly string[];
}

/** gitter.im's Matrix homeserver, hosted by Element Matrix Services since the 2023 move. */
export const GITTER_DEFAULT_BASE_URL = 'https://gitter.ems.host';

const CREDENTIAL_VARIABLES = ['GITTER_ACCESS_TOKEN', 'GITTER_USER_ID', 'GITTER_ROOM_IDS'] as const;

/**
 * Reads the bot's settings. Undefined when none of its variables is set; a partial
 * setting fails fast with the missing variable's name.
 */
export function readGitterConfig(env: Env): GitterConfig | undefined {
  const present = CREDENTIAL_VARIABLES.filter((name) => env[name]?.trim());
  if (present.length === 0) return undefined;
  const missing = CREDENTIAL_VARIABLES.filter((name) => !present.includes(name));
  if (missing.length > 0) {
    throw new Error(`gitter: ${missing.join(', ')} must be set along with ${present.join(', ')}`);
  }
  const botUserId = (env.GITTER_USER_ID ?? '').trim();
  if (!isMatrixUserId(botUserId)) {
    throw new Error('gitter: GITTER_USER_ID must be a Matrix user id such as @bot:gitter.im');
  }
  const roomIds = (env.GITTER_ROOM_IDS ?? '')
    .split(',')
    .map((room) => room.trim())
    .filter((room) => room !== '');
  const notRoomIds = roomIds.filter((room) => !/^![^:\s]+:\S+$/.test(room));
  if (roomIds.length === 0 || notRoomIds.length > 0) {
    throw new Error(
      'gitter: GITTER_ROOM_IDS must list room ids such as !AbCdEf:gitter.im (not #aliases; ' +
        'Element shows the id under Room settings → Advanced)',
    );
  }
  return {
    baseUrl: readBaseUrl(env.GITTER_BASE_URL),
    accessToken: (env.GITTER_ACCESS_TOKEN ?? '').trim(),
    botUserId,
    roomIds,
  };
}

function readBaseUrl(value: string | undefined): string {
  const raw = value?.trim() || GITTER_DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('gitter: GITTER_BASE_URL must be an http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('gitter: GITTER_BASE_URL must be an http(s) URL');
  }
  return url.origin;
}

/** `@localpart:server`, as the Matrix spec shapes user ids. */
export function isMatrixUserId(value: string): boolean {
  return /^@[^:\s]+:\S+$/.test(value);
}

/**
 * Gitter through Matrix: a room-admin bot removes the person from the company's
 * rooms and redacts their messages; deactivating the account is the person's own step.
 */
export const gitterDescriptor: IntegrationDescriptor<GitterConfig> = {
  name: 'gitter',
  title: 'Gitter (Matrix)',
  // The erasure ends waiting for the person's acknowledgement, and the host issues ack
  // links to manual integrations only; kicks and redactions still run unattended.
  mode: 'manual',
  supports: ['erasure', 'rectification', 'restriction'],
  // Synapse counts kicks and redactions as sent events (rc_message: 0.2/s, burst 10 by
  // default); reads are not counted. 2/s keeps reads quick; a write burst past the
  // homeserver's bucket comes back as M_LIMIT_EXCEEDED with retry_after_ms, which the host honours.
  rateLimit: { perSecond: 2, envVar: 'GITTER_RATE_LIMIT' },
  configure: readGitterConfig,
};
