// Identifiers for organizations, accounts and SCIM resources: random UUIDs, never guessable from their neighbours.
import { randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();
