// Which console account a SCIM user speaks for (ConsoleAccessSync): the one whose email is the userName.
import type { JsonObject } from '../scim/messages/resource.js';

/** accounts.email_ci of the account a user's userName names: a userName with an @, trimmed and lower-cased. */
export function consoleEmailOf(doc: JsonObject): string | undefined {
  const userName = doc['userName'];
  return typeof userName === 'string' && userName.includes('@') ? userName.trim().toLowerCase() : undefined;
}
