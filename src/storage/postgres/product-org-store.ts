// Organizations as the product team's API sees them (with their external id), on PostgreSQL.
import type pg from 'pg';
import { OrgConflictError, type ProductOrgStore } from '../product-store.js';
import { ORG_SCOPED_DELETES, toProductOrg, type ProductOrgRow } from '../product-row-mappers.js';
import { inTransaction, isUniqueViolation, one, rows } from './pg-queries.js';
import { organizationEvent } from '../event-drafts.js';
import { outboxAppender, type PgEventAppender } from './event-store.js';

function conflictOf(error: unknown): OrgConflictError | undefined {
  if (!isUniqueViolation(error)) return undefined;
  return new OrgConflictError((error as { constraint?: string }).constraint === 'orgs_external_id' ? 'external_id' : 'slug');
}

export function pgProductOrgStore(pool: pg.Pool, events: PgEventAppender = outboxAppender): ProductOrgStore {
  return {
    async create(org) {
      try {
        await inTransaction(pool, async (db) => {
          await db.query('INSERT INTO orgs (id, slug, name, scim_enabled, created_at, external_id) VALUES ($1, $2, $3, $4, $5, $6)', [
            org.id,
            org.slug,
            org.name,
            org.scimEnabled,
            org.createdAt,
            org.externalId,
          ]);
          await events.append(db, organizationEvent(org.createdAt, undefined, org));
        });
      } catch (error) {
        throw conflictOf(error) ?? error;
      }
    },
    async byId(id) {
      const row = await one<ProductOrgRow>(pool, 'SELECT * FROM orgs WHERE id = $1', [id]);
      return row && toProductOrg(row);
    },
    async byExternalId(externalId) {
      const row = await one<ProductOrgRow>(pool, 'SELECT * FROM orgs WHERE external_id = $1', [externalId]);
      return row && toProductOrg(row);
    },
    async list(afterId, limit) {
      return (await rows<ProductOrgRow>(pool, 'SELECT * FROM orgs WHERE id > $1 ORDER BY id LIMIT $2', [afterId ?? '', limit])).map(toProductOrg);
    },
    async update(id, changes, at) {
      try {
        const row = await inTransaction(pool, async (db) => {
          const before = await one<ProductOrgRow>(db, 'SELECT * FROM orgs WHERE id = $1 FOR UPDATE', [id]);
          if (!before) return undefined;
          const after = (await one<ProductOrgRow>(
            db,
            `UPDATE orgs SET name = CASE WHEN $2 THEN $3 ELSE name END, external_id = CASE WHEN $4 THEN $5 ELSE external_id END
             WHERE id = $1 RETURNING *`,
            [id, changes.name !== undefined, changes.name ?? null, changes.externalId !== undefined, changes.externalId ?? null],
          ))!;
          await events.append(db, organizationEvent(at, toProductOrg(before), toProductOrg(after)));
          return after;
        });
        return row && toProductOrg(row);
      } catch (error) {
        throw conflictOf(error) ?? error;
      }
    },
    async delete(id, at) {
      const row = await inTransaction(pool, async (db) => {
        // The org row is locked first, so a concurrent SCIM write either commits before or finds no org.
        const existing = await one<ProductOrgRow>(db, 'SELECT * FROM orgs WHERE id = $1 FOR UPDATE', [id]);
        if (!existing) return undefined;
        // Appended while the org row still exists, so the event carries its external id; events outlive the org.
        await events.append(db, organizationEvent(at, toProductOrg(existing), undefined));
        for (const statement of ORG_SCOPED_DELETES) await db.query(statement, [id]);
        await db.query('DELETE FROM orgs WHERE id = $1', [id]);
        return existing;
      });
      return row && toProductOrg(row);
    },
  };
}
