import type { RequestType } from '../../core/model.ts';

const FIND =
  'Sign in to the HappyFox Chat dashboard and find the visitor by the email in subject.email ' +
  '(and by name or phone if you know them): their visitor details, chat transcripts and offline messages.';
const CONFIRM =
  'When done, POST {"status":"completed"} to ackUrl. If it cannot be done, POST ' +
  '{"status":"rejected","reason":"…"} to ackUrl so the hub shows it to ops.';
const SUPPORT =
  'If the dashboard cannot do this for an item, ask HappyFox support to do it, and confirm ' +
  'only once they have.';

/**
 * The steps a person takes in the HappyFox Chat dashboard for one request. They name
 * the notification's fields instead of repeating the person's identifiers.
 */
export function dashboardInstructions(type: RequestType, deadline: string): string[] {
  const due = `Due by ${deadline} (GDPR Art. 12(3)).`;
  switch (type) {
    case 'erasure':
      return [
        FIND,
        'Delete every chat transcript and offline message of that visitor, and their visitor details (name, email, phone).',
        SUPPORT,
        due,
        CONFIRM,
      ];
    case 'rectification':
      return [
        FIND,
        'Correct the visitor details to the values in changes (email, name, phone); leave the transcripts as they are.',
        SUPPORT,
        due,
        CONFIRM,
      ];
    case 'restriction':
      return [
        FIND,
        'Do not delete anything. Keep the visitor’s transcripts out of exports, reports and integrations, ' +
          'and do not contact the visitor from HappyFox Chat, until a new request lifts the restriction.',
        due,
        CONFIRM,
      ];
  }
}
