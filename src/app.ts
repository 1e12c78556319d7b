// Composition root: configuration -> store -> services -> HTTP server.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { createServices, type Services } from './core/services.js';
import { buildApp } from './http/build-app.js';
import { openStore } from './storage/open-store.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly address: string;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const store = await openStore(config.databaseUrl, { poolMax: config.databasePoolMax });
  const services = createServices(store, { publicUrl: config.publicUrl });
  const app = await buildApp(services, { logLevel: config.logLevel });
  const address = await app.listen({ port: config.port, host: config.host });
  return {
    app,
    services,
    address,
    async close() {
      // Fastify stops accepting, lets in-flight requests finish, then the store closes.
      await app.close();
      await store.close();
    },
  };
}
