import { type DeletionField, userProvidedEmail } from './identifiers.ts';

/** One person's identifiers as a GA4 property has seen them. */
export interface SandboxGaUser {
  email?: string;
  clientIds: string[];
  userIds: string[];
  appInstanceIds: string[];
}

/** A user deletion the sandbox received, as `GET /__sandbox/state` shows it. */
export interface SandboxDeletion {
  field: DeletionField;
  value: string;
  at: string;
}

export interface SandboxProperty {
  users: SandboxGaUser[];
  deletions: SandboxDeletion[];
}

/** The properties the sandbox serves; `env()` names them in `GA_PROPERTY_IDS`. */
export const SANDBOX_PROPERTY_IDS = ['250000001', '250000002'] as const;

/** Ada (client id from the contract's example) and Grace, in both demo properties. */
export function demoProperties(): Map<string, SandboxProperty> {
  const people = (): SandboxGaUser[] => [
    {
      email: 'ada@example.com',
      clientIds: ['1234.5678'],
      userIds: ['ada-1815'],
      appInstanceIds: [],
    },
    {
      email: 'grace@example.com',
      clientIds: ['8765.4321', '1111.2222'],
      userIds: ['grace-1906'],
      appInstanceIds: ['c0ffee00c0ffee00c0ffee00c0ffee00'],
    },
  ];
  return new Map(SANDBOX_PROPERTY_IDS.map((id) => [id, { users: people(), deletions: [] }]));
}

/**
 * Forgets one identifier, as GA4 deletes the data collected under it; a user with no
 * identifier left is gone. With `keepData` the deletion is only recorded.
 */
export function applyDeletion(
  property: SandboxProperty,
  deletion: SandboxDeletion,
  keepData: boolean,
): void {
  property.deletions.push(deletion);
  if (keepData) return;
  const { field, value } = deletion;
  for (const user of property.users) {
    if (field === 'clientId') user.clientIds = user.clientIds.filter((id) => id !== value);
    if (field === 'userId') user.userIds = user.userIds.filter((id) => id !== value);
    if (field === 'appInstanceId') {
      user.appInstanceIds = user.appInstanceIds.filter((id) => id !== value);
    }
    if (field === 'userProvidedData' && user.email && userProvidedEmail(user.email) === value) {
      user.email = undefined;
    }
  }
  property.users = property.users.filter(
    (user) =>
      user.email || user.clientIds.length + user.userIds.length + user.appInstanceIds.length > 0,
  );
}
