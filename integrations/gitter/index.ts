import type { ActionOutcome, Verification } from '../../core/outcome.ts';
import type { ActionInput, Integration } from '../contract.ts';
import {
  DEACTIVATION_STEPS,
  deactivationNotice,
  NOTICE_ROOM_NAME,
  noticeTxnId,
} from './deactivation-notice.ts';
import { type GitterConfig, gitterDescriptor, isMatrixUserId } from './descriptor.ts';
import { RoomAdmin } from './room-admin.ts';
import { inspectRooms, type RoomSweep, sweepRooms } from './room-sweep.ts';

export { deactivationNotice } from './deactivation-notice.ts';

/**
 * Erasure: the bot kicks the person from every configured room and redacts their
 * events there, then sends them, by direct message, how to deactivate their account
 * (only they can) and the ack link to confirm it; the task waits for that ack.
 * Restriction: the kick alone. Rectification: the person edits their own Matrix
 * profile; the hub cannot.
 */
export const gitterIntegration: Integration<GitterConfig, RoomAdmin> = {
  ...gitterDescriptor,

  createClient(config, fetch) {
    return new RoomAdmin(config, fetch);
  },

  async erase(admin, input) {
    const userId = personOf(input);
    if (typeof userId !== 'string') return userId;
    if (!input.ackUrl) {
      return { kind: 'failed', error: 'no ack URL was issued for this Gitter erasure' };
    }
    const sweep = await sweepRooms(admin, userId, { redact: true });
    const directRoom = await admin.openDirectRoom(userId, NOTICE_ROOM_NAME);
    await admin.sendNotice(
      directRoom,
      deactivationNotice(input.ackUrl),
      noticeTxnId(input.requestId, input.ackUrl),
    );
    return {
      kind: 'awaiting_ack',
      evidence: {
        vendorStatus: 200,
        detail:
          `${describeSweep(sweep, { redacted: true })}. Account deactivation needs the ` +
          `person's own login: they were sent by direct message how to do it (${DEACTIVATION_STEPS}) ` +
          'and the link to confirm it',
        retained:
          'Until the person deactivates it, their gitter.im account (profile, display name, ' +
          'avatar). Redacted events keep their skeleton (id, sender, time) as the Matrix ' +
          'protocol requires. Events from before the bot could see room history are not reached.',
      },
    };
  },

  async restrict(admin, input) {
    const userId = personOf(input);
    if (typeof userId !== 'string') return userId;
    const sweep = await sweepRooms(admin, userId, { redact: false });
    if (sweep.removed === 0 && sweep.notJoined === 0) {
      return { kind: 'not_applicable', reason: 'not a member of any of the Gitter rooms' };
    }
    return {
      kind: 'acknowledged',
      evidence: {
        vendorStatus: 200,
        detail: describeSweep(sweep, { redacted: false }),
        retained:
          'Their messages stay in the rooms, unprocessed further: restriction keeps data. ' +
          'Rejoining a public room is the person’s own choice.',
      },
    };
  },

  async rectify(_admin, input) {
    const userId = personOf(input);
    if (typeof userId !== 'string') return userId;
    return {
      kind: 'not_applicable',
      reason:
        'a Matrix profile (display name, avatar) is edited only by its owner; room ' +
        'moderators cannot change it, and the rooms hold no other profile data',
    };
  },

  async verify(admin, input): Promise<Verification> {
    const userId = input.subject.ids?.matrix?.trim();
    if (!userId || !isMatrixUserId(userId) || input.type === 'rectification') {
      return { kind: 'unverifiable', reason: 'nothing was changed at Gitter' };
    }
    const events = input.type === 'erasure';
    const presence = await inspectRooms(admin, userId, { events });
    if (presence.memberOf > 0 || presence.withUnredactedEvents > 0) {
      return {
        kind: 'still_present',
        detail:
          `still a member of ${presence.memberOf} room(s)` +
          (events ? `, unredacted events in ${presence.withUnredactedEvents} room(s)` : ''),
      };
    }
    const readable = presence.rooms - presence.notJoined;
    if (presence.notJoined > 0) {
      return {
        kind: 'unverifiable',
        reason: `the bot has not joined ${presence.notJoined} of ${presence.rooms} room(s)`,
      };
    }
    return {
      kind: 'verified',
      detail:
        `not a member of any of ${readable} room(s)` +
        (events ? ', no unredacted events left' : ''),
    };
  },
};

/** The person's Matrix id, or the outcome that ends the task without one. */
function personOf(input: ActionInput): string | ActionOutcome {
  const userId = input.subject.ids?.matrix?.trim();
  if (!userId) return { kind: 'not_applicable', reason: 'no Matrix id for this person' };
  if (!isMatrixUserId(userId)) {
    return { kind: 'failed', error: 'subject.ids.matrix is not a Matrix user id (@name:server)' };
  }
  return userId;
}

function describeSweep(sweep: RoomSweep, options: { redacted: boolean }): string {
  const parts = [`removed from ${sweep.removed} of ${sweep.rooms} room(s)`];
  if (options.redacted) parts.push(`${sweep.redacted} event(s) redacted`);
  if (sweep.notJoined > 0) parts.push(`${sweep.notJoined} room(s) skipped: bot not joined`);
  return parts.join(', ');
}
