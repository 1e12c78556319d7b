// Test support: a fresh PostgreSQL schema per run (search_path in the URL), dropped afterwards, so runs never collide.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES_URL = process.env['ROLLCALL_TEST_POSTGRES_URL'] || 'postgres://postgres@127.0.0.1:5432/test';
export const START_POSTGRES_HINT =
  `PostgreSQL is not reachable at ${TEST_POSTGRES_URL}; start it with: pg_ctlcluster --skip-systemctl-redirect 15 main start`;

let probe: Promise<boolean> | undefined;

/** Whether the test PostgreSQL answers; probed once per process. */
export function postgresReachable(): Promise<boolean> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probe;
}

/**
 * True when PostgreSQL tests should run. Unreachable: under CI this throws (the run must fail), locally it says what
 * to start and returns false so the caller can skip.
 */
export async function requirePostgres(): Promise<boolean> {
  if (await postgresReachable()) return true;
  if (process.env['CI']) throw new Error(`${START_POSTGRES_HINT} (CI is set, so PostgreSQL tests fail instead of skipping)`);
  console.warn(`Skipping PostgreSQL tests: ${START_POSTGRES_HINT}`);
  return false;
}

export interface TestSchema {
  readonly schema: string;
  /** TEST_POSTGRES_URL with `options=-c search_path=<schema> ...`: every connection (any process) lands in the schema. */
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * `base` with connection options selecting `schema`. Test runs also turn off synchronous_commit: a test database
 * need not survive a crash of its server, and skipping the WAL flush per commit makes the suites several times faster.
 * Production URLs are never built here.
 */
export function urlWithSchema(base: string, schema: string): string {
  const separator = base.includes('?') ? '&' : '?';
  return `${base}${separator}options=${encodeURIComponent(`-c search_path=${schema} -c synchronous_commit=off`)}`;
}

/** SQLSTATEs of a server that is full or starting: other test runs may share this PostgreSQL, so wait and retry. */
const BUSY = new Set(['53300', '57P03']);

async function connectWhenFree(): Promise<pg.Client> {
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      if (attempt >= 20 || !BUSY.has((error as { code?: string }).code ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectWhenFree();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestSchema(): Promise<TestSchema> {
  const schema = `rc_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
  return {
    schema,
    url: urlWithSchema(TEST_POSTGRES_URL, schema),
    async drop() {
      await admin((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  };
}
