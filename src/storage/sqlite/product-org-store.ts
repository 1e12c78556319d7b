// Organizations as the product team's API sees them (with their external id), on SQLite.
import { OrgConflictError, type ProductOrgStore } from '../product-store.js';
import { ORG_SCOPED_DELETES, toProductOrg, type ProductOrgRow } from '../product-row-mappers.js';
import { isUniqueViolation, type SqliteDatabase } from './open-database.js';
import { organizationEvent } from '../event-drafts.js';
import type { ProductOrg } from '../product-store.js';
import type { AppendEvents } from './event-store.js';

function conflictOf(error: unknown): OrgConflictError | undefined {
  if (!isUniqueViolation(error)) return undefined;
  return new OrgConflictError(String((error as Error).message).includes('external_id') ? 'external_id' : 'slug');
}

export function sqliteProductOrgStore(db: SqliteDatabase, appendEvents: AppendEvents): ProductOrgStore {
  const insert = db.prepare('INSERT INTO orgs (id, slug, name, scim_enabled, created_at, external_id) VALUES (?, ?, ?, ?, ?, ?)');
  const byId = db.prepare<[string], ProductOrgRow>('SELECT * FROM orgs WHERE id = ?');
  const byExternalId = db.prepare<[string], ProductOrgRow>('SELECT * FROM orgs WHERE external_id = ?');
  const list = db.prepare<[string, number], ProductOrgRow>('SELECT * FROM orgs WHERE id > ? ORDER BY id LIMIT ?');
  const setName = db.prepare('UPDATE orgs SET name = ? WHERE id = ?');
  const setExternalId = db.prepare('UPDATE orgs SET external_id = ? WHERE id = ?');
  const scoped = ORG_SCOPED_DELETES.map((sql) => db.prepare(sql.replace('$1', '?')));
  const deleteOrg = db.prepare('DELETE FROM orgs WHERE id = ?');

  const create = db.transaction((org: ProductOrg) => {
    insert.run(org.id, org.slug, org.name, org.scimEnabled ? 1 : 0, org.createdAt, org.externalId);
    appendEvents(organizationEvent(org.createdAt, undefined, org));
  });
  const update = db.transaction((id: string, changes: { name?: string; externalId?: string | null }, at: string) => {
    const before = byId.get(id);
    if (!before) return undefined;
    if (changes.name !== undefined) setName.run(changes.name, id);
    if (changes.externalId !== undefined) setExternalId.run(changes.externalId, id);
    const after = byId.get(id)!;
    appendEvents(organizationEvent(at, toProductOrg(before), toProductOrg(after)));
    return after;
  });
  const remove = db.transaction((id: string, at: string) => {
    const row = byId.get(id);
    if (!row) return undefined;
    // Appended while the org row still exists, so the event carries its external id; events outlive the org.
    appendEvents(organizationEvent(at, toProductOrg(row), undefined));
    for (const statement of scoped) statement.run(id);
    deleteOrg.run(id);
    return row;
  });

  return {
    async create(org) {
      try {
        create.immediate(org);
      } catch (error) {
        throw conflictOf(error) ?? error;
      }
    },
    async byId(id) {
      const row = byId.get(id);
      return row && toProductOrg(row);
    },
    async byExternalId(externalId) {
      const row = byExternalId.get(externalId);
      return row && toProductOrg(row);
    },
    async list(afterId, limit) {
      return list.all(afterId ?? '', limit).map(toProductOrg);
    },
    async update(id, changes, at) {
      try {
        const row = update.immediate(id, changes, at);
        return row && toProductOrg(row);
      } catch (error) {
        throw conflictOf(error) ?? error;
      }
    },
    async delete(id, at) {
      const row = remove.immediate(id, at);
      return row && toProductOrg(row);
    },
  };
}
