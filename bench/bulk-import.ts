// BENCH_BULK: importing N users through POST /Bulk (1,000 operations a request, 2 requests at a time) against a bare
// batched insert of the same rows (users, their email rows and user.created events, same tables and indexes) into a
// fresh database of the same engine, in the same run; and the server's peak RSS while it imports (issue 15).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { JsonObject } from '../src/scim/messages/resource.js';
import { userEvents, type EventDraft } from '../src/storage/event-drafts.js';
import { userColumns } from '../src/storage/resource-columns.js';
import { openSqlite } from '../src/storage/sqlite/open-database.js';
import { prepare, type Engine } from './bench-server.js';
import { latestProfile } from './profile-share.js';
import { profileTop } from './profile-top.js';
import { cpuSeconds, startProcess } from './processes.js';

export const BULK_BATCH = 1000;
const BULK_IN_FLIGHT = 2;
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

export interface BulkImportResult {
  readonly engine: Engine;
  readonly users: number;
  readonly bulkUsersPerSecond: number;
  readonly bareUsersPerSecond: number;
  readonly ratio: number;
  readonly peakRssMb: number;
  readonly errors: number;
  /** The server's CPU time (user + system) per imported user: steadier than users/s on a shared machine. */
  readonly serverCpuUsPerUser?: number;
}

/** The SCIM document of imported user `i`: what the /Bulk request carries and what the bare insert stores. */
const importedUser = (i: number, tag: string): JsonObject => ({
  schemas: [USER_SCHEMA],
  userName: `imp${i}-${tag}@bench.example.com`,
  externalId: `imp-${tag}-${i}`,
  displayName: `Imported User ${i}`,
  name: { givenName: 'Imported', familyName: `User ${i}` },
  emails: [{ value: `imp${i}-${tag}@bench.example.com`, type: 'work', primary: true }],
  active: true,
});

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Batches of user indexes [from, to) in order, handed to whichever request slot is free. */
function batches(users: number): () => [number, number] | undefined {
  let from = 0;
  return () => {
    if (from >= users) return undefined;
    const batch: [number, number] = [from, Math.min(users, from + BULK_BATCH)];
    from = batch[1];
    return batch;
  };
}

async function importThroughBulk(port: number, token: string, users: number, tag: string): Promise<{ seconds: number; errors: number }> {
  const next = batches(users);
  let errors = 0;
  const started = Date.now();
  const slot = async () => {
    for (let batch = next(); batch; batch = next()) {
      const Operations = [];
      for (let i = batch[0]; i < batch[1]; i++) Operations.push({ method: 'POST', path: '/Users', bulkId: `u${i}`, data: importedUser(i, tag) });
      const response = await fetch(`http://127.0.0.1:${port}/scim/v2/Bulk`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', 'user-agent': 'rollcall-bench' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations }),
      });
      const body = (await response.json()) as { Operations?: { status: string }[] };
      if (!response.ok) errors += batch[1] - batch[0];
      else errors += (body.Operations ?? []).filter((op) => op.status !== '201').length;
    }
  };
  await Promise.all(Array.from({ length: BULK_IN_FLIGHT }, slot));
  return { seconds: (Date.now() - started) / 1000, errors };
}

/** The rows the server writes for one created user: the row's columns, its emails and its user.created event. */
function bareRow(orgId: string, i: number, tag: string, at: string) {
  const { schemas: _schemas, ...doc } = importedUser(i, tag);
  const id = randomUUID();
  const event = userEvents(orgId, at, undefined, { seq: 0, id, orgId, doc, createdAt: at, updatedAt: at, version: 1 }, null)[0]!;
  return { id, doc, columns: userColumns(doc), event };
}

function bareSqlite(path: string, orgId: string, users: number, tag: string): number {
  const db = openSqlite(path);
  const insert = db.prepare(
    `INSERT INTO scim_users (id, org_id, user_name, user_name_ci, external_id, display_name, display_name_ci, active, created_at, updated_at, version, doc)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 1, ?)`,
  );
  const email = db.prepare('INSERT INTO scim_user_emails (user_seq, org_id, value_ci, type, is_primary) VALUES (?, ?, ?, ?, ?)');
  const event = db.prepare(
    `INSERT INTO events (id, org_id, org_external_id, type, occurred_at, resource_type, resource_id, resource_version, data, changed)
     VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const batch = db.transaction((from: number, to: number) => {
    const at = new Date().toISOString();
    for (let i = from; i < to; i++) {
      const r = bareRow(orgId, i, tag, at);
      const c = r.columns;
      const seq = Number(insert.run(r.id, orgId, c.userName, c.userNameCi, c.externalId, c.displayName, c.displayNameCi, at, at, JSON.stringify(r.doc)).lastInsertRowid);
      for (const e of c.emails) email.run(seq, orgId, e.valueCi, e.type, e.primary ? 1 : 0);
      const d: EventDraft = r.event;
      event.run(d.id, orgId, d.type, d.occurredAt, d.resourceType, d.resourceId, d.resourceVersion, JSON.stringify(d.data), JSON.stringify(d.changed));
    }
  });
  const started = Date.now();
  for (let from = 0; from < users; from += BULK_BATCH) batch(from, Math.min(users, from + BULK_BATCH));
  const seconds = (Date.now() - started) / 1000;
  db.close();
  return seconds;
}

/** One multi-row statement per batch: the users, then their email rows and events from the inserted rows. */
async function barePostgres(url: string, orgId: string, users: number, tag: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  for (let from = 0; from < users; from += BULK_BATCH) {
    const at = new Date().toISOString();
    const rows = Array.from({ length: Math.min(users, from + BULK_BATCH) - from }, (_, k) => bareRow(orgId, from + k, tag, at));
    await client.query(
      `WITH u AS (
         INSERT INTO scim_users (id, org_id, user_name, user_name_ci, external_id, display_name, display_name_ci, active, doc, created_at, updated_at, version)
         SELECT r.id, $1, r.user_name, r.user_name_ci, r.external_id, r.display_name, r.display_name_ci, true, r.doc, $2, $2, 1
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[]) WITH ORDINALITY
           AS r(id, user_name, user_name_ci, external_id, display_name, display_name_ci, doc, ord)
         ORDER BY r.ord
         RETURNING seq, org_id, user_name_ci
       ), e AS (
         INSERT INTO scim_user_emails (user_seq, org_id, value_ci, type, is_primary) SELECT seq, org_id, user_name_ci, 'work', true FROM u
       )
       INSERT INTO events (id, org_id, org_external_id, type, occurred_at, resource_type, resource_id, resource_version, data, changed, txid)
       SELECT e.id, $1, NULL, 'user.created', $2, 'User', e.resource_id, 1, e.data, e.changed, pg_current_xact_id()
       FROM unnest($10::text[], $11::text[], $12::jsonb[], $13::jsonb[]) WITH ORDINALITY AS e(id, resource_id, data, changed, ord)
       ORDER BY e.ord`,
      [
        orgId,
        at,
        rows.map((r) => r.id),
        rows.map((r) => r.columns.userName),
        rows.map((r) => r.columns.userNameCi),
        rows.map((r) => r.columns.externalId),
        rows.map((r) => r.columns.displayName),
        rows.map((r) => r.columns.displayNameCi),
        rows.map((r) => JSON.stringify(r.doc)),
        rows.map((r) => r.event.id),
        rows.map((r) => r.id),
        rows.map((r) => JSON.stringify(r.event.data)),
        rows.map((r) => JSON.stringify(r.event.changed)),
      ],
    );
  }
  const seconds = (Date.now() - started) / 1000;
  await client.end();
  return seconds;
}

function printProfile(engine: Engine, path: string): void {
  const top = profileTop(path, 30);
  console.log(`\n${engine} /Bulk server profile (${path})\n  self time:`);
  for (const f of top.self) console.log(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.frame}`);
  console.log('  inclusive, by script:');
  for (const f of top.scripts) console.log(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.frame}`);
}

const orgIdOf = async (engine: Engine, databaseUrl: string): Promise<string> => {
  if (engine === 'sqlite') {
    const db = openSqlite(databaseUrl.slice('sqlite:'.length));
    const id = db.prepare('SELECT id FROM orgs LIMIT 1').pluck().get() as string;
    db.close();
    return id;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ id: string }>('SELECT id FROM orgs LIMIT 1');
  await client.end();
  return rows[0]!.id;
};

/** Imports `users` users through /Bulk on a fresh tenant, then bare-inserts them into another fresh database. */
export async function benchBulkImport(engine: Engine, dir: string, users: number): Promise<BulkImportResult> {
  const tag = randomUUID().slice(0, 8);
  const serverDir = join(dir, `bulk-server-${engine}`);
  const bareDir = join(dir, `bulk-bare-${engine}`);
  mkdirSync(serverDir, { recursive: true });
  mkdirSync(bareDir, { recursive: true });
  const target = await prepare(serverDir, 0, engine);
  const bare = await prepare(bareDir, 0, engine);
  try {
    // BENCH_BULK_PROFILE=1 (or a directory to keep the profile in): the server runs under `node --cpu-prof`; its top
    // frames are printed after the import.
    const profileTo = process.env['BENCH_BULK_PROFILE'];
    const profiles = profileTo ? join(profileTo === '1' ? dir : profileTo, `bulk-profile-${engine}-${tag}`) : undefined;
    const server = await startProcess([...(profiles ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`] : []), 'bin/rollcall.js', 'serve'], { DATABASE_URL: target.databaseUrl, PORT: '0', LOG_LEVEL: 'warn' }, /listening on http:\/\/[^:]+:(\d+)/);
    let peakRssMb = rssMb(server.child.pid!);
    const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(server.child.pid!))), 100);
    let imported: { seconds: number; errors: number };
    const cpuBefore = cpuSeconds(server.child.pid!);
    let serverCpuUsPerUser = 0;
    try {
      imported = await importThroughBulk(server.port, target.token, users, tag);
      serverCpuUsPerUser = ((cpuSeconds(server.child.pid!) - cpuBefore) * 1e6) / users;
    } finally {
      clearInterval(sampler);
      peakRssMb = Math.max(peakRssMb, rssMb(server.child.pid!));
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
    }
    if (profiles) printProfile(engine, latestProfile(profiles));
    const orgId = await orgIdOf(engine, bare.databaseUrl);
    const bareSeconds = engine === 'sqlite' ? bareSqlite(bare.databaseUrl.slice('sqlite:'.length), orgId, users, tag) : await barePostgres(bare.databaseUrl, orgId, users, tag);
    const bulkUsersPerSecond = users / imported.seconds;
    const bareUsersPerSecond = users / bareSeconds;
    return { engine, users, bulkUsersPerSecond, bareUsersPerSecond, ratio: bulkUsersPerSecond / bareUsersPerSecond, peakRssMb, errors: imported.errors, serverCpuUsPerUser };
  } finally {
    await target.drop();
    await bare.drop();
  }
}
