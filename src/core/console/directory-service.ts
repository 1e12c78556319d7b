// What is provisioned, for the console's People and Groups pages: cursor-paged, index-backed reads.
import type { DirectoryGroup, DirectoryPerson, GroupRef, StoredGroup, StoredResource, Store } from '../../storage/store.js';

export const DIRECTORY_PAGE_SIZE = 50;
export const MEMBER_PAGE_SIZE = 100;

export interface Paged<T> {
  readonly rows: readonly T[];
  readonly next: string | undefined;
}

export interface DirectoryFilter {
  readonly search?: string;
  readonly active?: boolean;
  readonly before?: number;
}

export interface PersonDetail {
  readonly user: StoredResource;
  readonly groups: readonly GroupRef[];
}

export class ConsoleDirectoryService {
  constructor(private readonly store: Store) {}

  async people(orgId: string, filter: DirectoryFilter): Promise<Paged<DirectoryPerson>> {
    const rows = await this.store.consoleDirectory.people(orgId, { ...this.query(filter), limit: DIRECTORY_PAGE_SIZE + 1 });
    return this.paged(rows, (p) => String(p.seq));
  }

  async groups(orgId: string, filter: DirectoryFilter): Promise<Paged<DirectoryGroup>> {
    const rows = await this.store.consoleDirectory.groups(orgId, { ...this.query(filter), limit: DIRECTORY_PAGE_SIZE + 1 });
    return this.paged(rows, (g) => String(g.seq));
  }

  async person(orgId: string, id: string): Promise<PersonDetail | undefined> {
    const user = await this.store.users.get(orgId, id);
    if (!user) return undefined;
    const groups = (await this.store.users.groupsOf(orgId, [id])).get(id) ?? [];
    return { user, groups };
  }

  async group(orgId: string, id: string, afterMemberId: string | undefined): Promise<{ group: StoredGroup; members: Paged<DirectoryPerson> } | undefined> {
    const group = await this.store.groups.get(orgId, id, false);
    if (!group) return undefined;
    const rows = await this.store.consoleDirectory.members(orgId, id, afterMemberId, MEMBER_PAGE_SIZE + 1);
    return { group, members: this.paged(rows, (p) => p.id, MEMBER_PAGE_SIZE) };
  }

  private query(filter: DirectoryFilter) {
    return {
      ...(filter.search ? { search: filter.search } : {}),
      ...(filter.active !== undefined ? { active: filter.active } : {}),
      ...(filter.before !== undefined ? { beforeSeq: filter.before } : {}),
    };
  }

  private paged<T>(rows: readonly T[], cursor: (row: T) => string, size = DIRECTORY_PAGE_SIZE): Paged<T> {
    const page = rows.slice(0, size);
    const last = page[page.length - 1];
    return { rows: page, next: rows.length > size && last !== undefined ? cursor(last) : undefined };
  }
}
