// What every benchmark mode shares: a prepared database (a seeded tenant and its SCIM token).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServices } from '../src/core/services.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { seedGroups, seedUsers } from './seed.js';
import { preparePostgres } from './seed-postgres.js';

export type Engine = 'sqlite' | 'postgres';

/**
 * A database with one organization, its SCIM token and `users` seeded users (a tenth of them in one big group); on
 * PostgreSQL, `backends` lists the database processes serving it (SQLite runs inside the server).
 */
export async function prepare(dir: string, users: number, engine: Engine) {
  if (engine === 'postgres') {
    const started = Date.now();
    const db = await preparePostgres(users);
    return { databaseUrl: db.url, token: db.token, ids: db.ids, groups: db.groups, seedSeconds: (Date.now() - started) / 1000, backends: () => db.backendPids(), drop: () => db.drop() };
  }
  const path = join(dir, `bench-${users}.db`);
  const store = createSqliteStore(path);
  const services = createServices(store, { publicUrl: 'http://127.0.0.1' });
  const org = await services.orgs.createOrg({ slug: 'bench', name: 'Bench', ownerEmail: 'owner@bench.example.com', ownerPassword: 'bench password 123' });
  const { token } = await services.tokens.generate(org.id, { name: 'bench', ip: null });
  await store.close();
  const started = Date.now();
  const ids = seedUsers(path, org.id, users);
  // The big group holds a tenth of the tenant (100,000 members at 1,000,000 users).
  const groups = seedGroups(path, org.id, Math.floor(users / 10));
  // Dropped, so a later prepare of the same size (the events cost after the scenarios) starts from an empty file.
  const drop = async () => {
    for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
  };
  return { databaseUrl: `sqlite:${path}`, token, ids, groups, seedSeconds: (Date.now() - started) / 1000, backends: undefined, drop };
}

