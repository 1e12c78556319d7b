// Store-level micro-benchmark of the events outbox on SQLite: the same user creates and PATCH-style replaces on two
// stores, one with events and one without (withoutEventsForBenchmark), alternating rounds in one process so drift on a
// shared machine falls on both sides. Prints µs per write and what events add. Usage (after `npm run build`):
// node dist/bench/events-append.js [users to seed, default 20000] [writes per round, default 2000] [rounds, default 5]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { Store } from '../src/storage/store.js';

const [seedCount = 20_000, perRound = 2_000, rounds = 5] = process.argv.slice(2).map(Number);
const AT = () => new Date().toISOString();
const CHANGE = () => ({ at: AT(), client: 'bench' });

const userDoc = (n: number) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: `u${n}-${randomUUID().slice(0, 8)}@bench.example.com`,
  name: { givenName: 'Bench', familyName: `User ${n}` },
  emails: [{ value: `u${n}@bench.example.com`, type: 'work', primary: true }],
  title: 'Engineer',
  active: true,
});

interface Side {
  readonly store: Store;
  readonly orgId: string;
  readonly ids: string[];
  created: number;
  createUs: number;
  replaceUs: number;
  replaced: number;
  written: number;
}

async function side(dir: string, name: string, without: boolean): Promise<Side> {
  const store = createSqliteStore(join(dir, `${name}.db`), { withoutEventsForBenchmark: without });
  const orgId = randomUUID();
  await store.orgs.create({ id: orgId, slug: name, name, scimEnabled: true, createdAt: AT() });
  // Both sides seed with events so the events table (and its indexes) has the same size the writes append to.
  const seeding = without ? createSqliteStore(join(dir, `${name}.db`)) : store;
  const ids: string[] = [];
  for (let i = 0; i < seedCount; i += 1) ids.push((await seeding.users.create(orgId, { id: randomUUID(), doc: userDoc(i) }, CHANGE())).id);
  if (seeding !== store) await seeding.close();
  return { store, orgId, ids, created: 0, createUs: 0, replaceUs: 0, replaced: 0, written: 0 };
}

/** Bytes this process has handed to write(2) so far (Linux): WAL frames and checkpoints, free of the machine's noise. */
const writtenBytes = (): number => {
  try {
    return Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
};

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function round(s: Side): Promise<void> {
  const writtenBefore = writtenBytes();
  let start = cpuUs();
  for (let i = 0; i < perRound; i += 1) await s.store.users.create(s.orgId, { id: randomUUID(), doc: userDoc(seedCount + s.created + i) }, CHANGE());
  s.createUs += cpuUs() - start;
  s.created += perRound;
  start = cpuUs();
  for (let i = 0; i < perRound; i += 1) {
    const id = s.ids[(s.replaced + i) * 7919 % s.ids.length]!;
    await s.store.users.replace(s.orgId, id, (r) => ({ ...r.doc, title: `Title ${s.replaced + i}` }), undefined, CHANGE());
  }
  s.replaceUs += cpuUs() - start;
  s.replaced += perRound;
  s.written += writtenBytes() - writtenBefore;
}

const dir = mkdtempSync(join(tmpdir(), 'rollcall-events-append-'));
try {
  const withEvents = await side(dir, 'with', false);
  const without = await side(dir, 'without', true);
  for (let r = 0; r < rounds; r += 1) {
    await round(without);
    await round(withEvents);
  }
  const per = (s: Side) => ({ create: s.createUs / s.created, replace: s.replaceUs / s.replaced });
  const a = per(without);
  const b = per(withEvents);
  const line = (name: string, x: number, y: number) =>
    console.log(`${name.padEnd(10)} without ${x.toFixed(1).padStart(7)} µs   with ${y.toFixed(1).padStart(7)} µs   events add ${(y - x).toFixed(1).padStart(6)} µs (${(((y - x) / x) * 100).toFixed(1)}%)`);
  console.log(`SQLite store, ${seedCount} users seeded, ${rounds} x ${perRound} writes per side (CPU µs per write)`);
  line('create', a.create, b.create);
  line('replace', a.replace, b.replace);
  const kb = (x: Side) => x.written / (x.created + x.replaced) / 1024;
  console.log(`written    without ${kb(without).toFixed(1).padStart(7)} KB   with ${kb(withEvents).toFixed(1).padStart(7)} KB per write (WAL and checkpoints)`);
  await withEvents.store.close();
  await without.store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
