import type { Membership, RoomAdmin, TimelineEvent } from './room-admin.ts';

/** What removing one person from the company's rooms came to. */
export interface RoomSweep {
  /** Configured rooms. */
  rooms: number;
  /** Rooms the bot has not joined: it can neither see nor act there. */
  notJoined: number;
  /** Rooms the person was removed from now. */
  removed: number;
  /** Events redacted now. */
  redacted: number;
}

/** What is left of one person in the company's rooms, for the read-back. */
export interface RoomPresence {
  rooms: number;
  notJoined: number;
  /** Rooms where the person is still joined, invited or knocking. */
  memberOf: number;
  /** Rooms still holding at least one of their events unredacted. */
  withUnredactedEvents: number;
}

// Shown to everyone in the room, so it must not reveal that the person made a request.
const MODERATION_REASON = 'Removed by the room administrators';

const IN_ROOM: ReadonlySet<Membership> = new Set(['join', 'invite', 'knock']);

/**
 * Removes the person from every configured room the bot moderates and, for an
 * erasure, redacts their events there. Steps per room: read their membership,
 * kick if they are in, then page back through their events and redact each one
 * still unredacted. Safe to repeat: a second run finds nothing left to do.
 */
export async function sweepRooms(
  admin: RoomAdmin,
  userId: string,
  options: { redact: boolean },
): Promise<RoomSweep> {
  const joined = await admin.joinedRooms();
  const sweep: RoomSweep = {
    rooms: admin.config.roomIds.length,
    notJoined: 0,
    removed: 0,
    redacted: 0,
  };
  for (const roomId of admin.config.roomIds) {
    if (!joined.has(roomId)) {
      sweep.notJoined++;
      continue;
    }
    if (IN_ROOM.has(await admin.membership(roomId, userId))) {
      await admin.kick(roomId, userId, MODERATION_REASON);
      sweep.removed++;
    }
    if (!options.redact) continue;
    for await (const page of admin.unredactedEventsFrom(roomId, userId)) {
      for (const event of page.filter(isPersonalEvent)) {
        await admin.redact(roomId, event.event_id, MODERATION_REASON);
        sweep.redacted++;
      }
    }
  }
  return sweep;
}

/** Reads back membership and, when asked, unredacted events in every configured room. */
export async function inspectRooms(
  admin: RoomAdmin,
  userId: string,
  options: { events: boolean },
): Promise<RoomPresence> {
  const joined = await admin.joinedRooms();
  const presence: RoomPresence = {
    rooms: admin.config.roomIds.length,
    notJoined: 0,
    memberOf: 0,
    withUnredactedEvents: 0,
  };
  for (const roomId of admin.config.roomIds) {
    if (!joined.has(roomId)) {
      presence.notJoined++;
      continue;
    }
    if (IN_ROOM.has(await admin.membership(roomId, userId))) presence.memberOf++;
    if (!options.events) continue;
    for await (const page of admin.unredactedEventsFrom(roomId, userId)) {
      if (page.some(isPersonalEvent)) {
        presence.withUnredactedEvents++;
        break;
      }
    }
  }
  return presence;
}

/**
 * Messages, reactions and the like, plus the person's own membership events (they
 * carry display name and avatar). Other state they set (room name, topic) is left
 * alone: redacting it would change the room for everyone.
 */
function isPersonalEvent(event: TimelineEvent): boolean {
  if (event.type === 'm.room.redaction') return false;
  return event.state_key === undefined || event.type === 'm.room.member';
}
