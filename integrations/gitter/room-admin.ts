import { createHash } from 'node:crypto';
import { createClient, type MatrixClient, Method, Preset } from 'matrix-js-sdk';
import type { VendorFetch } from '../contract.ts';
import type { GitterConfig } from './descriptor.ts';
import { GitterApiError, homeserverCall } from './matrix-error.ts';

/** A room event as `/messages` returns it; only the fields the sweep reads. */
export interface TimelineEvent {
  event_id: string;
  type: string;
  sender: string;
  state_key?: string;
  unsigned?: { redacted_because?: unknown };
}

/** Membership of a user in a room; `absent` when the room never had them. */
export type Membership = 'join' | 'invite' | 'knock' | 'leave' | 'ban' | 'absent';

const PAGE_SIZE = 100;

// The SDK logs every request URL at debug level, and these paths hold the person's Matrix id.
const silentLogger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  getChild() {
    return silentLogger;
  },
};

/**
 * The bot's moderator powers in the company's rooms, over the Matrix client-server
 * API (https://spec.matrix.org/v1.16/client-server-api/). Uses the SDK's request
 * layer only: no sync loop, no crypto, no local room state.
 */
export class RoomAdmin {
  private readonly client: MatrixClient;

  constructor(
    readonly config: GitterConfig,
    fetch: VendorFetch,
  ) {
    this.client = createClient({
      baseUrl: config.baseUrl,
      accessToken: config.accessToken,
      userId: config.botUserId,
      fetchFn: fetch,
      logger: silentLogger,
    });
  }

  /** Rooms the bot has joined (GET /joined_rooms). */
  async joinedRooms(): Promise<ReadonlySet<string>> {
    const response = await homeserverCall('joined_rooms', () => this.client.getJoinedRooms());
    return new Set(response.joined_rooms);
  }

  /** The user's membership (GET /rooms/{roomId}/state/m.room.member/{userId}). */
  async membership(roomId: string, userId: string): Promise<Membership> {
    try {
      const content = await homeserverCall('membership read', () =>
        this.client.getStateEvent(roomId, 'm.room.member', userId),
      );
      const membership = (content as { membership?: unknown }).membership;
      return isMembership(membership) ? membership : 'absent';
    } catch (error) {
      if (error instanceof GitterApiError && error.errcode === 'M_NOT_FOUND') return 'absent';
      throw error;
    }
  }

  /** Removes the user from the room (POST /rooms/{roomId}/kick). */
  async kick(roomId: string, userId: string, reason: string): Promise<void> {
    await homeserverCall('kick', () => this.client.kick(roomId, userId, reason));
  }

  /**
   * The user's events in the room that are not yet redacted, newest first, page by
   * page (GET /rooms/{roomId}/messages?dir=b&filter={"senders":[…]}).
   */
  async *unredactedEventsFrom(roomId: string, userId: string): AsyncGenerator<TimelineEvent[]> {
    const path = `/rooms/${encodeURIComponent(roomId)}/messages`;
    const filter = JSON.stringify({ senders: [userId] });
    let from: string | undefined;
    for (;;) {
      const query: Record<string, string> = { dir: 'b', limit: String(PAGE_SIZE), filter };
      if (from) query.from = from;
      const page = await homeserverCall('messages read', () =>
        this.client.http.authedRequest<{ chunk?: TimelineEvent[]; end?: string }>(
          Method.Get,
          path,
          query,
        ),
      );
      const events = (page.chunk ?? []).filter(
        (event) => event.sender === userId && !event.unsigned?.redacted_because,
      );
      if (events.length > 0) yield events;
      if (!page.end || page.end === from) return;
      from = page.end;
    }
  }

  /**
   * Redacts one event (PUT /rooms/{roomId}/redact/{eventId}/{txnId}). The transaction
   * id is derived from the event, so a repeated call is deduplicated by the homeserver.
   */
  async redact(roomId: string, eventId: string, reason: string): Promise<void> {
    const txnId = redactionTxnId(roomId, eventId);
    const path = `/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(eventId)}/${encodeURIComponent(txnId)}`;
    await homeserverCall('redact', () =>
      this.client.http.authedRequest(Method.Put, path, undefined, { reason }),
    );
  }

  /**
   * Opens a direct-message room with the user (POST /createRoom, invite only them):
   * the bot's one channel to reach a person it has just removed from every room.
   */
  async openDirectRoom(userId: string, name: string): Promise<string> {
    const created = await homeserverCall('createRoom', () =>
      this.client.createRoom({
        preset: Preset.TrustedPrivateChat,
        is_direct: true,
        invite: [userId],
        name,
      }),
    );
    return created.room_id;
  }

  /** Sends a bot notice (PUT /rooms/{roomId}/send/m.room.message/{txnId}). */
  async sendNotice(roomId: string, body: string, txnId: string): Promise<void> {
    const path = `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(txnId)}`;
    await homeserverCall('send', () =>
      this.client.http.authedRequest(Method.Put, path, undefined, { msgtype: 'm.notice', body }),
    );
  }
}

/** One transaction id per (room, event): the same redaction sent twice is applied once. */
export function redactionTxnId(roomId: string, eventId: string): string {
  return `dsr-${createHash('sha256').update(`${roomId}\n${eventId}`).digest('hex').slice(0, 32)}`;
}

function isMembership(value: unknown): value is Membership {
  return (
    value === 'join' ||
    value === 'invite' ||
    value === 'knock' ||
    value === 'leave' ||
    value === 'ban'
  );
}
