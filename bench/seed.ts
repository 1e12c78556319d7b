// Seeds a SQLite database with many users quickly (batched transactions straight into the store's tables),
// using the same column derivation the store uses and documents shaped as validation stores them (`schemas` first), so
// the server sees ordinary data.
import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../src/scim/messages/resource.js';
import { GROUP_SCHEMA, USER_SCHEMA } from '../src/scim/schema/urns.js';
import { userColumns } from '../src/storage/resource-columns.js';
import { openSqlite } from '../src/storage/sqlite/open-database.js';

/**
 * How many seeded users the by-id scenarios (GET, PUT, PATCH) pick from, spread evenly over the tenant: enough that
 * at 1,000,000 users their reads land all over the table and its indexes, as an identity provider's do, instead of
 * on a few pages that stay cached.
 */
export const SAMPLED_USERS = 100_000;

export function seedUsers(path: string, orgId: string, count: number, startAt = 0): string[] {
  const db = openSqlite(path);
  const insert = db.prepare(
    `INSERT INTO scim_users (id, org_id, user_name, user_name_ci, external_id, display_name, display_name_ci, active, created_at, updated_at, version, doc)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 1, ?)`,
  );
  const email = db.prepare('INSERT INTO scim_user_emails (user_seq, org_id, value_ci, type, is_primary) VALUES (?, ?, ?, ?, 1)');
  const sample: string[] = [];
  const at = new Date().toISOString();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const userName = `user${i}@bench.example.com`;
      const doc: JsonObject = {
        schemas: [USER_SCHEMA],
        userName,
        externalId: `ext-${i}`,
        displayName: `Bench User ${i}`,
        name: { givenName: 'Bench', familyName: `User ${i}` },
        emails: [{ value: userName, type: 'work', primary: true }],
        active: true,
      };
      const c = userColumns(doc);
      const id = randomUUID();
      const seq = Number(insert.run(id, orgId, c.userName, c.userNameCi, c.externalId, c.displayName, c.displayNameCi, at, at, JSON.stringify(doc)).lastInsertRowid);
      email.run(seq, orgId, c.userNameCi, 'work');
      if (i % Math.max(1, Math.floor(count / SAMPLED_USERS)) === 0) sample.push(id);
    }
  });
  for (let from = startAt; from < startAt + count; from += 10_000) batch(from, Math.min(startAt + count, from + 10_000));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return sample;
}

/** A large and a small group, plus ids of users in neither, for the member-add scenarios. */
export function seedGroups(path: string, orgId: string, bigSize: number): { bigId: string; smallId: string; outsiders: string[] } {
  const db = openSqlite(path);
  const at = new Date().toISOString();
  const insertGroup = db.prepare(
    `INSERT INTO scim_groups (id, org_id, display_name, display_name_ci, external_id, created_at, updated_at, version, doc)
     VALUES (?, ?, ?, ?, NULL, ?, ?, 1, ?)`,
  );
  const make = (name: string, size: number) => {
    const id = randomUUID();
    const seq = Number(insertGroup.run(id, orgId, name, name.toLowerCase(), at, at, JSON.stringify({ schemas: [GROUP_SCHEMA], displayName: name })).lastInsertRowid);
    db.prepare(
      `INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id)
       SELECT ?, id, 'User', org_id FROM scim_users WHERE org_id = ? ORDER BY seq LIMIT ?`,
    ).run(seq, orgId, size);
    return id;
  };
  const bigId = make('Everyone', bigSize);
  const smallId = make('Founders', 10);
  const outsiders = db.prepare('SELECT id FROM scim_users WHERE org_id = ? ORDER BY seq LIMIT 5000 OFFSET ?').pluck().all(orgId, bigSize) as string[];
  db.close();
  return { bigId, smallId, outsiders };
}
