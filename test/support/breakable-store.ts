// A store whose database can be made unavailable and brought back, per engine, without touching the shared server:
// SQLite gets a full disk (PRAGMA max_page_count on a throwaway file); PostgreSQL is reached through a local TCP proxy
// that can cut every connection and refuse new ones.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { createTestSchema } from '../../src/storage/postgres/testing/test-schema.js';
import { openSqlite } from '../../src/storage/sqlite/open-database.js';
import { createSqliteStoreOn } from '../../src/storage/sqlite/sqlite-store.js';
import type { Store } from '../../src/storage/store.js';
import { TEST_ENGINE } from './test-store.js';

export interface BreakableStore {
  readonly store: Store;
  /** SQLite: the disk is full (reads still work). PostgreSQL: the server cannot be reached. */
  fail(): Promise<void>;
  recover(): Promise<void>;
  dispose(): Promise<void>;
}

export async function openBreakableStore(): Promise<BreakableStore> {
  return TEST_ENGINE === 'sqlite' ? breakableSqlite() : breakablePostgres();
}

function breakableSqlite(): BreakableStore {
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-full-'));
  const db = openSqlite(join(dir, 'rollcall.db'));
  const store = createSqliteStoreOn(db);
  return {
    store,
    async fail() {
      // Checkpoint first so the file holds every page, then forbid it to grow: the next write that needs a page fails.
      db.pragma('wal_checkpoint(TRUNCATE)');
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);
    },
    async recover() {
      db.pragma('max_page_count = 1073741823');
    },
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function breakablePostgres(): Promise<BreakableStore> {
  const schema = await createTestSchema();
  const target = new URL(schema.url);
  const proxy = new CuttableProxy(target.hostname, Number(target.port || 5432));
  const port = await proxy.listen(0);
  const via = new URL(schema.url);
  via.hostname = '127.0.0.1';
  via.port = String(port);
  const store = await createPostgresStore(via.toString(), { poolMax: 3 });
  return {
    store,
    fail: () => proxy.cut(),
    recover: async () => {
      await proxy.listen(port);
    },
    async dispose() {
      await proxy.listen(port).catch(() => {});
      await store.close();
      await proxy.cut();
      await schema.drop();
    },
  };
}

class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  listen(port: number): Promise<number> {
    if (this.server) return Promise.resolve(port);
    const server = createServer((client) => {
      const upstream = connect(this.port, this.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Every open connection is reset and new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
