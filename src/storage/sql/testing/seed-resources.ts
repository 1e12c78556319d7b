// Test support: deterministic SCIM users and groups, and the rows a store would write for them (scim_* tables).
import type { Database } from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../../sqlite/migrations.js';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const ORG = 'org-1';
/** The SCIM base URL of meta.location and $ref; a quote proves it reaches SQL as a well-formed literal. */
export const BASE_URL = "https://rollcall.test/o'k/scim/v2";
type Doc = Record<string, unknown>;

/** A small seeded PRNG (mulberry32), so every run sees the same data. */
export function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Values carry LIKE and GLOB wildcards, quotes and backslashes, to prove escaping end to end.
// JSON-held values avoid upper-case non-ASCII: SQLite's lower() folds ASCII only (a documented gap).
export const WORDS = ['alpha', 'Beta', 'GAMMA', 'delta', 'a%b', 'x_y', 'back\\slash', 'st*r', 'q?', '[br]', "o'Malley", 'café', 'zeta', 'Alpha Beta', ''];
/** Column-held values are folded in JavaScript, so they may carry any case. */
export const COLUMN_WORDS = [...WORDS, 'ÜNÏCODE', 'ünïcode', 'Straße'];
export const TYPES = ['work', 'home', 'Work', 'other'];
export const INSTANTS = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2020, i, 1 + i, i, i * 3, i * 5, i * 7)).toISOString());

export interface Seeded {
  readonly users: Doc[];
  readonly groups: Doc[];
}

/** Builds users and groups in wire form (RFC 7643 section 8 shapes), groups listing some users as members. */
export function generateResources(userCount: number, groupCount: number, seed = 7): Seeded {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const maybe = <T>(p: number, make: () => T): T | undefined => (random() < p ? make() : undefined);
  const users: Doc[] = [];
  for (let i = 0; i < userCount; i++) {
    const extension = maybe(0.5, () => strip({ department: maybe(0.8, () => pick(WORDS)), manager: maybe(0.5, () => ({ value: `u-${Math.floor(random() * userCount)}` })) }));
    const emails = Array.from({ length: Math.floor(random() * 4) }, (_, n) =>
      strip({ value: `${pick(WORDS)}${n}@${pick(['example.com', 'Example.ORG', 'x%y.net'])}`, type: maybe(0.8, () => pick(TYPES)), primary: n === 0 && random() < 0.6, display: maybe(0.3, () => pick(WORDS)) }),
    );
    const phoneNumbers = Array.from({ length: Math.floor(random() * 3) }, () => strip({ value: `+1 555 ${Math.floor(random() * 9000 + 1000)}`, type: maybe(0.7, () => pick(['work', 'mobile'])) }));
    users.push(
      strip({
        schemas: extension ? ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE] : ['urn:ietf:params:scim:schemas:core:2.0:User'],
        id: `u-${i}`,
        externalId: maybe(0.6, () => `${pick(['EXT', 'ext', 'E*[x]', 'e?_%'])}-${i % 17}`),
        userName: `${pick(COLUMN_WORDS)}.${i}`,
        name: maybe(0.7, () => strip({ givenName: maybe(0.8, () => pick(WORDS)), familyName: maybe(0.8, () => pick(WORDS)) })),
        displayName: maybe(0.7, () => pick(COLUMN_WORDS)),
        nickName: maybe(0.3, () => pick(WORDS)),
        title: maybe(0.5, () => pick(WORDS)),
        userType: maybe(0.5, () => pick(['Employee', 'Intern', 'contractor'])),
        active: random() < 0.7,
        emails: emails.length > 0 ? emails : undefined,
        phoneNumbers: phoneNumbers.length > 0 ? phoneNumbers : undefined,
        meta: { resourceType: 'User', created: pick(INSTANTS), lastModified: pick(INSTANTS), location: `${BASE_URL}/Users/u-${i}`, version: versionOf(i) },
        [ENTERPRISE]: extension,
      }),
    );
  }
  const groups: Doc[] = [];
  for (let i = 0; i < groupCount; i++) {
    const members = Array.from(new Set(Array.from({ length: Math.floor(random() * 6) }, () => Math.floor(random() * (userCount + groupCount)))))
      .map((n) => (n < userCount ? { value: `u-${n}`, type: 'User' } : { value: `g-${n - userCount}`, type: 'Group' }));
    groups.push(
      strip({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        id: `g-${i}`,
        externalId: maybe(0.5, () => `G*${i % 5}`),
        displayName: `${pick(COLUMN_WORDS)} ${i}`,
        members: members.length > 0 ? members : undefined,
        meta: { resourceType: 'Group', created: pick(INSTANTS), lastModified: pick(INSTANTS), location: `${BASE_URL}/Groups/g-${i}`, version: versionOf(i + 5) },
      }),
    );
  }
  // A user's groups are derived from membership (RFC 7643 section 4.1.2), as the store derives them; member
  // display and $ref as render-resource.ts computes them.
  for (const user of users) {
    const mine = groups.filter((g) => ((g['members'] as Doc[] | undefined) ?? []).some((m) => m['value'] === user['id']));
    if (mine.length > 0) user['groups'] = mine.map((g) => ({ value: g['id'], $ref: `${BASE_URL}/Groups/${String(g['id'])}`, display: g['displayName'], type: 'direct' }));
  }
  const byId = new Map([...users, ...groups].map((doc) => [doc['id'], doc]));
  for (const group of groups) {
    for (const member of (group['members'] as Doc[] | undefined) ?? []) {
      const doc = byId.get(member['value']);
      member['$ref'] = `${BASE_URL}/${String(member['type'])}s/${String(member['value'])}`;
      member['display'] = doc?.['displayName'] ?? doc?.['userName'];
    }
  }
  return { users, groups };
}

/** Row versions 1-12, so that W/"10" sorts before W/"9" as the strings they are. */
const versionOf = (i: number): string => `W/"${(i % 12) + 1}"`;

/** The row version behind a `W/"n"` ETag. */
export const versionNumber = (doc: Doc): number => Number(/\d+/.exec(String((doc['meta'] as Doc)['version']))![0]);

function strip<T extends Record<string, unknown>>(doc: T): T {
  for (const key of Object.keys(doc)) if (doc[key] === undefined) delete doc[key];
  return doc;
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : null);

/** Applies the SQLite migrations and writes the rows a store would: hot columns, child rows, and `doc`. */
export function loadSqlite(db: Database, { users, groups }: Seeded): void {
  for (const migration of SQLITE_MIGRATIONS) db.exec(migration.sql);
  db.prepare('INSERT INTO orgs (id, slug, name, created_at) VALUES (?, ?, ?, ?)').run(ORG, 'org', 'Org', INSTANTS[0]);
  const insertUser = db.prepare(
    `INSERT INTO scim_users (id, org_id, user_name, user_name_ci, external_id, display_name, display_name_ci, active, created_at, updated_at, version, doc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEmail = db.prepare('INSERT INTO scim_user_emails (user_seq, org_id, value_ci, type, is_primary) VALUES (?, ?, ?, ?, ?)');
  const insertGroup = db.prepare(
    `INSERT INTO scim_groups (id, org_id, display_name, display_name_ci, external_id, created_at, updated_at, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMember = db.prepare('INSERT INTO scim_group_members (group_seq, member_id, member_type, org_id) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const user of users) {
      const { id, meta, groups: _derived, ...doc } = user as Doc & { meta: { created: string; lastModified: string } };
      const u = user as Record<string, string | boolean | undefined>;
      const { lastInsertRowid } = insertUser.run(id, ORG, u['userName'], lower(u['userName']), u['externalId'] ?? null, u['displayName'] ?? null, lower(u['displayName']), u['active'] ? 1 : 0, meta.created, meta.lastModified, versionNumber(user), JSON.stringify(doc));
      for (const email of (user['emails'] as Doc[] | undefined) ?? []) {
        insertEmail.run(lastInsertRowid, ORG, lower(email['value']), email['type'] ?? null, email['primary'] ? 1 : 0);
      }
    }
    for (const group of groups) {
      const { id, meta, members, ...doc } = group as Doc & { meta: { created: string; lastModified: string }; members?: Doc[] };
      const name = group['displayName'] as string;
      const { lastInsertRowid } = insertGroup.run(id, ORG, name, name.toLowerCase(), group['externalId'] ?? null, meta.created, meta.lastModified, versionNumber(group), JSON.stringify(doc));
      for (const member of members ?? []) insertMember.run(lastInsertRowid, member['value'], member['type'], ORG);
    }
  })();
}
