import {
  bearerToken,
  json,
  parseJson,
  type SandboxRequest,
  type SandboxResponse,
} from '../sandbox-kit/http.ts';
import type { VendorBehaviour } from '../sandbox-kit/server.ts';

type Membership = 'join' | 'invite' | 'knock' | 'leave' | 'ban';

/** One room as a test seeds it (`POST /__sandbox/seed {"rooms": [...]}`). */
export interface SandboxRoomSeed {
  roomId: string;
  /** Whether the bot is in the room. @default true */
  botJoined?: boolean;
  /** Whether the bot has the power to kick and redact. @default true */
  botIsModerator?: boolean;
  /** Memberships by user id; each `join` also adds the user's join event. */
  members?: Record<string, Membership>;
  messages?: { sender: string; body: string }[];
}

interface RoomEvent {
  event_id: string;
  type: string;
  sender: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  state_key?: string;
  redacts?: string;
  unsigned?: { redacted_because?: RoomEvent };
}

interface Room {
  roomId: string;
  name?: string;
  botJoined: boolean;
  botIsModerator: boolean;
  members: Map<string, Membership>;
  timeline: RoomEvent[];
}

export interface HomeserverOptions {
  accessToken: string;
  botUserId: string;
  demoRooms: () => SandboxRoomSeed[];
  /** The sandbox's keep-data switch: acknowledge kicks and redactions but change nothing. */
  keepData: () => boolean;
}

const MAX_PAGE = 1000;

/**
 * A small Synapse-like homeserver: the client-server API endpoints a room moderator
 * uses to remove a person, redact their events and message them directly, with
 * Matrix error bodies (`{"errcode","error"}`), transaction-id deduplication, and
 * `M_LIMIT_EXCEEDED` + `retry_after_ms` on 429.
 */
export function createHomeserver(options: HomeserverOptions): VendorBehaviour {
  const rooms = new Map<string, Room>();
  const transactions = new Map<string, string>();
  let eventCounter = 0;
  let clock = Date.UTC(2026, 0, 5, 9, 0, 0);

  function append(room: Room, event: Omit<RoomEvent, 'event_id' | 'origin_server_ts'>): RoomEvent {
    eventCounter++;
    clock += 60_000;
    const full: RoomEvent = { event_id: `$sbx${eventCounter}`, origin_server_ts: clock, ...event };
    room.timeline.push(full);
    return full;
  }

  function seedRoom(seed: SandboxRoomSeed): void {
    const room: Room = {
      roomId: seed.roomId,
      botJoined: seed.botJoined ?? true,
      botIsModerator: seed.botIsModerator ?? true,
      members: new Map(),
      timeline: [],
    };
    if (room.botJoined) room.members.set(options.botUserId, 'join');
    for (const [userId, membership] of Object.entries(seed.members ?? {})) {
      room.members.set(userId, membership);
      const member = { type: 'm.room.member', state_key: userId };
      if (membership === 'invite' || membership === 'knock') {
        const sender = membership === 'invite' ? options.botUserId : userId;
        append(room, { ...member, sender, content: { membership } });
        continue;
      }
      const displayname = userId.slice(1, userId.indexOf(':'));
      append(room, { ...member, sender: userId, content: { membership: 'join', displayname } });
      if (membership === 'leave') {
        append(room, { ...member, sender: userId, content: { membership } });
      }
      if (membership === 'ban') {
        append(room, { ...member, sender: options.botUserId, content: { membership } });
      }
    }
    for (const message of seed.messages ?? []) {
      append(room, {
        type: 'm.room.message',
        sender: message.sender,
        content: { msgtype: 'm.text', body: message.body },
      });
    }
    rooms.set(room.roomId, room);
  }

  function reset(): void {
    rooms.clear();
    transactions.clear();
    for (const seed of options.demoRooms()) seedRoom(seed);
  }

  function authenticate(request: SandboxRequest): SandboxResponse | undefined {
    const token = bearerToken(request.headers);
    if (!token) return matrixError(401, 'M_MISSING_TOKEN', 'Missing access token');
    if (token !== options.accessToken) {
      return matrixError(401, 'M_UNKNOWN_TOKEN', 'Invalid access token passed.', {
        soft_logout: false,
      });
    }
    return undefined;
  }

  function roomForBot(roomId: string): Room | SandboxResponse {
    const room = rooms.get(roomId);
    if (!room?.botJoined) {
      return matrixError(
        403,
        'M_FORBIDDEN',
        `User ${options.botUserId} not in room ${roomId}, or room does not exist`,
      );
    }
    return room;
  }

  function membership(room: Room, userId: string): SandboxResponse {
    const current = room.members.get(userId);
    if (!current) return matrixError(404, 'M_NOT_FOUND', 'Event not found.');
    return json(200, { membership: current });
  }

  function kick(room: Room, body: string): SandboxResponse {
    const parsed = parseJson(body) as { user_id?: unknown; reason?: unknown } | undefined;
    if (typeof parsed?.user_id !== 'string') {
      return matrixError(400, 'M_MISSING_PARAM', 'Missing user_id');
    }
    if (!room.botIsModerator) {
      return matrixError(403, 'M_FORBIDDEN', 'You do not have permission to kick users');
    }
    const current = room.members.get(parsed.user_id);
    if (!current) return matrixError(403, 'M_FORBIDDEN', 'The target user is not in the room');
    if (current === 'leave' || current === 'ban' || options.keepData()) return json(200, {});
    room.members.set(parsed.user_id, 'leave');
    append(room, {
      type: 'm.room.member',
      sender: options.botUserId,
      state_key: parsed.user_id,
      content: { membership: 'leave', reason: parsed.reason },
    });
    return json(200, {});
  }

  function messages(room: Room, query: URLSearchParams): SandboxResponse {
    if (query.get('dir') !== 'b') {
      return matrixError(400, 'M_INVALID_PARAM', 'This sandbox pages backwards only (dir=b)');
    }
    const filterText = query.get('filter');
    const filter = filterText ? (parseJson(filterText) as { senders?: unknown } | undefined) : {};
    if (!filter) return matrixError(400, 'M_BAD_JSON', 'filter is not valid JSON');
    const senders = Array.isArray(filter.senders) ? new Set(filter.senders) : undefined;
    const limit = Math.min(Number(query.get('limit') ?? 10) || 10, MAX_PAGE);
    const from = query.get('from');
    let index = from?.startsWith('t') ? Number(from.slice(1)) : room.timeline.length;
    if (!Number.isInteger(index) || index < 0 || index > room.timeline.length) {
      return matrixError(400, 'M_INVALID_PARAM', 'Unknown pagination token');
    }
    const chunk: RoomEvent[] = [];
    while (index > 0 && chunk.length < limit) {
      index--;
      const event = room.timeline[index] as RoomEvent;
      if (!senders || senders.has(event.sender)) chunk.push(event);
    }
    const start = from ?? `t${room.timeline.length}`;
    const page: Record<string, unknown> = {
      chunk: chunk.map((event) => ({ ...event, room_id: room.roomId })),
      start,
    };
    if (index > 0) page.end = `t${index}`;
    return json(200, page);
  }

  function createRoom(body: string): SandboxResponse {
    const parsed = parseJson(body) as { invite?: unknown; name?: unknown } | undefined;
    if (!parsed) return matrixError(400, 'M_NOT_JSON', 'Content not JSON.');
    const invite = Array.isArray(parsed.invite) ? parsed.invite.map(String) : [];
    eventCounter++;
    const room: Room = {
      roomId: `!dm${eventCounter}:gitter.im`,
      name: typeof parsed.name === 'string' ? parsed.name : undefined,
      botJoined: true,
      botIsModerator: true,
      members: new Map([[options.botUserId, 'join']]),
      timeline: [],
    };
    for (const userId of invite) {
      room.members.set(userId, 'invite');
      append(room, {
        type: 'm.room.member',
        sender: options.botUserId,
        state_key: userId,
        content: { membership: 'invite', is_direct: true },
      });
    }
    rooms.set(room.roomId, room);
    return json(200, { room_id: room.roomId });
  }

  function send(room: Room, type: string, txnId: string, body: string): SandboxResponse {
    const txnKey = `${room.roomId}\n${txnId}`;
    const earlier = transactions.get(txnKey);
    if (earlier) return json(200, { event_id: earlier });
    const content = parseJson(body);
    if (!content || typeof content !== 'object') {
      return matrixError(400, 'M_NOT_JSON', 'Content not JSON.');
    }
    const event = append(room, {
      type,
      sender: options.botUserId,
      content: content as Record<string, unknown>,
    });
    transactions.set(txnKey, event.event_id);
    return json(200, { event_id: event.event_id });
  }

  function redact(room: Room, eventId: string, txnId: string, body: string): SandboxResponse {
    const txnKey = `${room.roomId}\n${txnId}`;
    const earlier = transactions.get(txnKey);
    if (earlier) return json(200, { event_id: earlier });
    const target = room.timeline.find((event) => event.event_id === eventId);
    if (!target) return matrixError(404, 'M_NOT_FOUND', 'Event not found');
    if (target.sender !== options.botUserId && !room.botIsModerator) {
      return matrixError(403, 'M_FORBIDDEN', 'You do not have permission to redact events');
    }
    const reason = (parseJson(body) as { reason?: unknown } | undefined)?.reason;
    const redaction = append(room, {
      type: 'm.room.redaction',
      sender: options.botUserId,
      redacts: eventId,
      content: typeof reason === 'string' ? { reason } : {},
    });
    transactions.set(txnKey, redaction.event_id);
    if (!options.keepData()) {
      // The redaction algorithm: a membership event keeps only `membership`; others lose all content.
      target.content =
        target.type === 'm.room.member' ? { membership: target.content.membership } : {};
      target.unsigned = { redacted_because: redaction };
    }
    return json(200, { event_id: redaction.event_id });
  }

  reset();

  return {
    name: 'gitter',
    // Synapse does not throttle reads; writes share rc_message. One window for all is enough here.
    rateLimit: 10,
    rateLimited(retryAfterMs, withHint) {
      if (!withHint) return matrixError(429, 'M_LIMIT_EXCEEDED', 'Too Many Requests');
      return matrixError(
        429,
        'M_LIMIT_EXCEEDED',
        'Too Many Requests',
        { retry_after_ms: Math.ceil(retryAfterMs) },
        { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
      );
    },
    serverError() {
      return matrixError(500, 'M_UNKNOWN', 'Internal server error');
    },
    handle(request) {
      const segments = request.path.split('/').map((segment) => decodeURIComponent(segment));
      if (segments[1] !== '_matrix' || segments[2] !== 'client' || segments[3] !== 'v3') {
        return matrixError(404, 'M_UNRECOGNIZED', 'Unrecognized request');
      }
      const unauthorized = authenticate(request);
      if (unauthorized) return unauthorized;
      const [resource, roomId, action, ...rest] = segments.slice(4);
      const route = `${request.method} ${resource}/${action ?? ''}`;
      if (route === 'GET joined_rooms/') {
        const joined = [...rooms.values()].filter((room) => room.botJoined).map((r) => r.roomId);
        return json(200, { joined_rooms: joined });
      }
      if (route === 'POST createRoom/') return createRoom(request.body);
      if (resource !== 'rooms' || !roomId) {
        return matrixError(404, 'M_UNRECOGNIZED', 'Unrecognized request');
      }
      const room = roomForBot(roomId);
      if (!('timeline' in room)) return room;
      if (route === 'GET rooms/state' && rest[0] === 'm.room.member' && rest[1]) {
        return membership(room, rest[1]);
      }
      if (route === 'POST rooms/kick') return kick(room, request.body);
      if (route === 'GET rooms/messages') return messages(room, request.query);
      if (route === 'PUT rooms/send' && rest[0] && rest[1]) {
        return send(room, rest[0], rest[1], request.body);
      }
      if (route === 'PUT rooms/redact' && rest[0] && rest[1]) {
        return redact(room, rest[0], rest[1], request.body);
      }
      return matrixError(404, 'M_UNRECOGNIZED', 'Unrecognized request');
    },
    seed(data) {
      const seeds = (data as { rooms?: SandboxRoomSeed[] }).rooms ?? [];
      for (const seed of seeds) seedRoom(seed);
    },
    reset,
    state() {
      return {
        rooms: Object.fromEntries(
          [...rooms.values()].map((room) => [
            room.roomId,
            {
              name: room.name,
              botJoined: room.botJoined,
              members: Object.fromEntries(room.members),
              events: room.timeline.map((event) => ({
                event_id: event.event_id,
                type: event.type,
                sender: event.sender,
                redacted: event.unsigned?.redacted_because !== undefined,
                content: event.content,
              })),
            },
          ]),
        ),
      };
    },
  };
}

function matrixError(
  status: number,
  errcode: string,
  error: string,
  extra?: Record<string, unknown>,
  headers?: Record<string, string>,
): SandboxResponse {
  return json(status, { errcode, error, ...extra }, headers);
}
