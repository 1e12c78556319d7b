// The storage errors both engines raise with the same words, so the API answers identically on either.
import { ScimError } from '../scim/errors.js';

export const userNameTakenError = (userName: string) =>
  ScimError.uniqueness(`userName "${userName}" is already taken in this organization (compared case-insensitively)`);

export const versionMismatchError = (current: number) => ScimError.versionMismatch(current);

/** The database cannot be opened; the message is one line naming what is wrong and how to fix it. */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
}
