// The streams and environment a CLI command uses, injected so tests run commands in-process.
import { loadConfig, type Config } from '../config.js';
import { createServices, type Services } from '../core/services.js';
import { openStore } from '../storage/open-store.js';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Passwords come from here (`--password-stdin`, or a prompt when it is a terminal). */
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export interface StoreUse {
  /** Commands that only read never create a database: a missing SQLite file is an error instead. */
  readonly readOnly?: boolean;
}

/** Opens the store named by --database-url (or DATABASE_URL), runs the work, and always closes the store. */
export async function withServices<T>(
  io: CliIo,
  databaseUrl: string | undefined,
  work: (services: Services, config: Config) => Promise<T>,
  use: StoreUse = {},
): Promise<T> {
  const config = loadConfig(io.env, { databaseUrl });
  const store = await openStore(config.databaseUrl, { poolMax: config.databasePoolMax, mustExist: use.readOnly === true });
  try {
    return await work(createServices(store, { publicUrl: config.publicUrl }), config);
  } finally {
    await store.close();
  }
}

export const DATABASE_URL_OPTION = ['--database-url <url>', 'sqlite:<path> or postgres://… (default: DATABASE_URL or sqlite:./data/rollcall.db)'] as const;
