// The storage errors both engines raise with the same words, so the API answers identically on either.
import { ScimError } from '../scim/errors.js';

export const userNameTakenError = (userName: string) =>
  ScimError.uniqueness(`userName "${userName}" is already taken in this organization (compared case-insensitively)`);

export const versionMismatchError = (current: number) => ScimError.versionMismatch(current);
