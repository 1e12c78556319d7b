// What events cost a SCIM write (issue 10: at most 15% more). Two servers, on copies of one seeded SQLite database (so
// neither pays for the other's WAL checkpoints) or on one PostgreSQL schema, identical but for the store option that skips the event inserts (the drafts are still built, so this is the outbox's cost); each
// write scenario alternates without/with ROUNDS times and the runs of each are summed, so drift on a shared machine
// falls on both sides. The verdict is on server CPU per write, which other load on the machine disturbs far less than
// requests per second.
import { copyFileSync } from 'node:fs';
import type { LoadRequest } from './load.js';
import { runLoad } from './load.js';
import { measured, startProcess } from './processes.js';

const TARGET = 0.15;
const ROUNDS = 3;
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

export interface EventsCostInput {
  readonly engine: 'sqlite' | 'postgres';
  readonly databaseUrl: string;
  readonly token: string;
  readonly ids: readonly string[];
  readonly groups: { readonly smallId: string; readonly outsiders: readonly string[] };
  readonly seconds: number;
  readonly concurrency: number;
}

function writes(input: EventsCostInput): { name: string; next: (i: number) => LoadRequest }[] {
  let n = 0;
  const userName = () => `evt${n++}-${process.pid}@bench.example.com`;
  const newUser = () => ({ schemas: [USER_SCHEMA], userName: userName(), name: { givenName: 'New', familyName: `User ${n}` }, active: true });
  return [
    { name: 'POST /Users', next: () => ({ method: 'POST', path: '/scim/v2/Users', body: JSON.stringify(newUser()) }) },
    {
      name: 'PATCH /Users/{id} replace title',
      next: (i) => ({
        method: 'PATCH',
        path: `/scim/v2/Users/${input.ids[(i * 7919) % input.ids.length]}`,
        body: JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: `Title ${n++}` }] }),
      }),
    },
    {
      name: 'PATCH add member, 10-member group',
      next: (i) => ({
        method: 'PATCH',
        path: `/scim/v2/Groups/${input.groups.smallId}`,
        body: JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: input.groups.outsiders[i % input.groups.outsiders.length] }] }] }),
      }),
    },
    {
      name: 'POST /Bulk, 10 user creates',
      next: () => ({
        method: 'POST',
        path: '/scim/v2/Bulk',
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
          Operations: Array.from({ length: 10 }, (_, k) => ({ method: 'POST', path: '/Users', bulkId: `u${k}`, data: newUser() })),
        }),
      }),
    },
  ];
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(9);

export async function eventsCost(input: EventsCostInput, report: Record<string, unknown>[]): Promise<void> {
  const start = (mode: 'with' | 'without') => {
    let databaseUrl = input.databaseUrl;
    if (input.engine === 'sqlite') {
      databaseUrl = `${input.databaseUrl}.${mode}-events.db`;
      copyFileSync(input.databaseUrl.slice('sqlite:'.length), databaseUrl.slice('sqlite:'.length));
    }
    return startProcess(['dist/bench/events-server.js', databaseUrl, mode], {}, /listening (\d+)/);
  };
  const without = await start('without');
  const withEvents = await start('with');
  console.log(`\n${input.engine}: what events cost a SCIM write, ${input.concurrency} connections, ${input.seconds} s per run x${ROUNDS} (target: at most ${TARGET * 100}% more CPU per write)`);
  console.log(`${'scenario'.padEnd(36)}${'no ev r/s'.padStart(10)}${'ev r/s'.padStart(10)}${'slower'.padStart(10)}${'no ev cpu'.padStart(10)}${'ev cpu'.padStart(10)}${'cpu +'.padStart(10)}`);
  try {
    const auth = { authorization: `Bearer ${input.token}`, 'user-agent': 'rollcall-bench' };
    for (const s of writes(input)) {
      const totals = { without: { n: 0, ms: 0, cpu: 0, errors: 0 }, with: { n: 0, ms: 0, cpu: 0, errors: 0 } };
      const runs = Array.from({ length: ROUNDS }, () => [['without', without], ['with', withEvents]] as const).flat();
      for (const [label, server] of runs) {
        const result = await measured(server.child.pid!, () => runLoad(server.port, auth, s.next, { concurrency: input.concurrency, durationMs: input.seconds * 1000 }));
        totals[label].n += result.requests;
        totals[label].ms += input.seconds * 1000;
        totals[label].cpu += result.cpuUsPerRequest * result.requests;
        totals[label].errors += result.errors;
      }
      const rate = (t: { n: number; ms: number }) => (t.n * 1000) / t.ms;
      const cpu = (t: { n: number; cpu: number }) => t.cpu / Math.max(1, t.n);
      const slower = rate(totals.without) / rate(totals.with) - 1;
      const cpuMore = cpu(totals.with) / cpu(totals.without) - 1;
      const errors = totals.without.errors + totals.with.errors;
      console.log(
        `${s.name.padEnd(36)}${fmt(rate(totals.without))} ${fmt(rate(totals.with))}${fmt(slower * 100, 1)}%${fmt(cpu(totals.without))} ${fmt(cpu(totals.with))}${fmt(cpuMore * 100, 1)}%  ${cpuMore <= TARGET ? 'ok' : 'MISSED'}${errors ? ` (${errors} errors)` : ''}`,
      );
      report.push({ engine: input.engine, scenario: s.name, eventsOff: rate(totals.without), eventsOn: rate(totals.with), slower, cpuMore, errors });
    }
  } finally {
    for (const server of [without, withEvents]) {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
    }
  }
}
