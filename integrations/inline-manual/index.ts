import { maskEmail, maskIdentifier, normalizeEmail } from '../../core/masking.ts';
import type { Verification } from '../../core/outcome.ts';
import type { ActionInput, Integration } from '../contract.ts';
import { type InlineManualConfig, inlineManualDescriptor } from './descriptor.ts';
import { InlineManualApiError, InlineManualProfiles } from './profiles-api.ts';

/** The profile's user id: the id the app gives the Inline Manual player, else the email. */
interface ProfileKey {
  userId: string;
  masked: string;
  by: 'Inline Manual user id' | 'email';
}

/**
 * Erasure deletes the person's people-tracking profile. Rectification and
 * restriction have no API counterpart and say why.
 */
export const inlineManualIntegration: Integration<InlineManualConfig, InlineManualProfiles> = {
  ...inlineManualDescriptor,

  createClient(config, fetch) {
    return new InlineManualProfiles(config, fetch);
  },

  async erase(profiles, input) {
    const key = profileKeyOf(input);
    if (!key) return { kind: 'not_applicable', reason: 'no Inline Manual user id or email' };
    const status = await profiles.delete(key.userId);
    if (status === 404) {
      // Also what a repeat sees after a delete whose answer was lost: either way nothing is held.
      return { kind: 'not_applicable', reason: `no Inline Manual profile for this ${key.by}` };
    }
    return {
      kind: 'acknowledged',
      evidence: {
        vendorStatus: status,
        detail: `DELETE profile ${key.masked} (by ${key.by})`,
      },
    };
  },

  async rectify(_profiles, input) {
    if (!profileKeyOf(input)) {
      return { kind: 'not_applicable', reason: 'no Inline Manual user id or email' };
    }
    return {
      kind: 'not_applicable',
      reason:
        'the public API cannot update a profile (only its tags); the app re-sends name and ' +
        'email to the Inline Manual player at the next visit, so correcting them at the source ' +
        'corrects the profile',
    };
  },

  async restrict(_profiles, input) {
    if (!profileKeyOf(input)) {
      return { kind: 'not_applicable', reason: 'no Inline Manual user id or email' };
    }
    return {
      kind: 'not_applicable',
      reason:
        'the public API cannot suspend one profile; tracking stops when the app stops ' +
        'identifying the person to the Inline Manual player',
    };
  },

  async verify(profiles, input): Promise<Verification> {
    const key = profileKeyOf(input);
    if (!key || input.type !== 'erasure') {
      return { kind: 'unverifiable', reason: 'nothing was changed at Inline Manual' };
    }
    const status = await profiles.read(key.userId);
    if (status === 404) return { kind: 'verified', detail: 'GET profile answered 404' };
    if (status >= 200 && status < 300) {
      return { kind: 'still_present', detail: `GET profile answered ${status} after the delete` };
    }
    if (status === 429 || status >= 500) {
      throw new InlineManualApiError(`Inline Manual GET profile answered ${status}`, status);
    }
    return {
      kind: 'unverifiable',
      reason: `the profile URL does not answer a read-back (GET answered ${status})`,
    };
  },
};

function profileKeyOf(input: ActionInput): ProfileKey | undefined {
  const id = input.subject.ids?.inlineManual?.trim();
  if (id) {
    const masked = id.includes('@') ? maskEmail(id) : maskIdentifier(id);
    return { userId: id, masked, by: 'Inline Manual user id' };
  }
  const email = input.subject.email ? normalizeEmail(input.subject.email) : '';
  if (email) return { userId: email, masked: maskEmail(email), by: 'email' };
  return undefined;
}
