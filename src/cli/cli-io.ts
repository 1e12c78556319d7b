// The streams and environment a CLI command uses, injected so tests run commands in-process.
import { loadConfig } from '../config.js';
import { createServices, type Services } from '../core/services.js';
import { openStore } from '../storage/open-store.js';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** Opens the store named by --database-url (or DATABASE_URL), runs the work, and always closes the store. */
export async function withServices<T>(io: CliIo, databaseUrl: string | undefined, work: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env, { databaseUrl });
  const store = await openStore(config.databaseUrl, { poolMax: config.databasePoolMax });
  try {
    return await work(createServices(store, { publicUrl: config.publicUrl }));
  } finally {
    await store.close();
  }
}

export const DATABASE_URL_OPTION = ['--database-url <url>', 'sqlite:<path> or postgres://… (default: DATABASE_URL or sqlite:./data/rollcall.db)'] as const;
