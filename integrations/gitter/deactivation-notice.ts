import { createHash } from 'node:crypto';

/**
 * How a person deactivates their own gitter.im account. Only they can: Matrix
 * deactivation (POST /account/deactivate) needs their own login, and gitter.im
 * gives room moderators no server-admin API.
 */
export const DEACTIVATION_STEPS =
  'sign in at https://app.gitter.im, open All settings → Account, choose "Deactivate account" ' +
  'and tick "Hide my messages from new joiners"';

/**
 * The direct message the bot sends the person for the awaiting-ack step. It holds
 * the single-use acknowledgement link, so it goes to the person only: never into
 * evidence, audit events or logs.
 */
export function deactivationNotice(ackUrl: string): string {
  return [
    'We have removed you from our Gitter community rooms and deleted your messages there.',
    `Your Gitter account itself can only be closed by you: ${DEACTIVATION_STEPS}.`,
    `When you have done so, or if you decide to keep the account, confirm it here: ${ackUrl}`,
  ].join('\n\n');
}

/** Title of the direct-message room the notice is sent in. */
export const NOTICE_ROOM_NAME = 'Your data-protection request';

/**
 * One transaction id per ack link: a resend within the same attempt is deduplicated
 * by the homeserver, while a later attempt (a new link) sends a new notice.
 */
export function noticeTxnId(requestId: string, ackUrl: string): string {
  return `dsr-notice-${createHash('sha256').update(`${requestId}\n${ackUrl}`).digest('hex').slice(0, 32)}`;
}
