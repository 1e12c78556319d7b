// The storage errors both engines raise with the same words, so the API answers identically on either.
import { ScimError } from '../scim/errors.js';

export const userNameTakenError = (userName: string) =>
  ScimError.uniqueness(`userName "${userName}" is already taken in this organization (compared case-insensitively)`);

export const versionMismatchError = (current: number) => ScimError.versionMismatch(current);

/**
 * The database cannot serve the request right now (PostgreSQL unreachable or shutting down, SQLite's disk full or
 * failing): a temporary condition the client should retry. `reason` names the cause (an SQLSTATE, an errno, an
 * SQLite code); `firstOfCause` is true for the first failure of this cause in a while, so it is logged once.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(
    readonly reason: string,
    message: string,
    readonly firstOfCause: boolean,
  ) {
    super(message);
  }
}

/** The database cannot be opened; the message is one line naming what is wrong and how to fix it. */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
}
