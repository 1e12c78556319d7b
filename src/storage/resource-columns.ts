// Derives the indexed columns of a stored resource from its document, so both engines index the same values.
import type { JsonObject } from '../scim/messages/resource.js';

export interface UserColumns {
  readonly userName: string;
  readonly userNameCi: string;
  readonly externalId: string | null;
  readonly displayName: string | null;
  readonly displayNameCi: string | null;
  readonly active: boolean;
  readonly emails: readonly { valueCi: string; type: string | null; primary: boolean }[];
}

export interface GroupColumns {
  readonly displayName: string;
  readonly displayNameCi: string;
  readonly externalId: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Case folding for caseExact=false attributes; full Unicode lower-casing, done in one place. */
export const foldCase = (value: string): string => value.toLowerCase();

export function userColumns(doc: JsonObject): UserColumns {
  const userName = text(doc['userName']) ?? '';
  const displayName = text(doc['displayName']);
  return {
    userName,
    userNameCi: foldCase(userName),
    externalId: text(doc['externalId']),
    displayName,
    displayNameCi: displayName === null ? null : foldCase(displayName),
    // RFC 7643 leaves `active` optional; a user without it is treated as active.
    active: doc['active'] !== false,
    emails: emailRows(doc),
  };
}

/** The email rows a user document indexes: folded value, type, primary; a replace compares them alone. */
export function emailRows(doc: JsonObject): UserColumns['emails'] {
  const emails = Array.isArray(doc['emails']) ? doc['emails'] : [];
  return emails.flatMap((email) => {
    if (typeof email !== 'object' || email === null || Array.isArray(email)) return [];
    const value = text(email['value']);
    if (value === null) return [];
    return [{ valueCi: foldCase(value), type: text(email['type']), primary: email['primary'] === true }];
  });
}

export function groupColumns(doc: JsonObject): GroupColumns {
  const displayName = text(doc['displayName']) ?? '';
  return { displayName, displayNameCi: foldCase(displayName), externalId: text(doc['externalId']) };
}

/** Whether two documents index the same email rows (in order), so a replace can leave the rows as they are. */
export function sameEmailRows(a: UserColumns['emails'], b: UserColumns['emails']): boolean {
  return a.length === b.length && a.every((email, i) => email.valueCi === b[i]!.valueCi && email.type === b[i]!.type && email.primary === b[i]!.primary);
}
