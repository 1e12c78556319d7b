// The console's People and Groups reads (design.md section 10).
import type { JsonObject } from '../../scim/messages/resource.js';

/** A provisioned person as the console lists them. */
export interface DirectoryPerson {
  readonly seq: number;
  readonly id: string;
  readonly userName: string;
  readonly displayName: string | null;
  readonly externalId: string | null;
  readonly active: boolean;
  readonly doc: JsonObject;
}

export interface DirectoryGroup {
  readonly seq: number;
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly memberCount: number;
}

export interface DirectoryQuery {
  /** Prefix of userName / displayName / email, or an exact externalId (groups: displayName prefix or externalId). */
  readonly search?: string;
  readonly active?: boolean;
  /** Cursor: rows with a smaller seq (newest first). */
  readonly beforeSeq?: number;
  readonly limit: number;
}

/** The console's index-backed reads of what is provisioned (design.md section 10). */
export interface ConsoleDirectoryStore {
  people(orgId: string, query: DirectoryQuery): Promise<DirectoryPerson[]>;
  groups(orgId: string, query: DirectoryQuery): Promise<DirectoryGroup[]>;
  /** A group's user members ordered by id, after `afterId`. */
  members(orgId: string, groupId: string, afterId: string | undefined, limit: number): Promise<DirectoryPerson[]>;
  countDeactivated(orgId: string): Promise<number>;
}
