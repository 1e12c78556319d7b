// Composition root: configuration -> store -> services -> HTTP server.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { DeliveryWorker } from './core/events/delivery-worker.js';
import { EventPruner } from './core/events/event-pruner.js';
import { createServices, type Services } from './core/services.js';
import { buildApp } from './http/build-app.js';
import { instrumentStore } from './http/metrics.js';
import { openStore } from './storage/open-store.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly address: string;
  readonly webhooks: DeliveryWorker;
  close(): Promise<void>;
}

const IDLE_SWEEP_MS = 50;

export async function startServer(config: Config): Promise<RunningServer> {
  const store = await openStore(config.databaseUrl, { poolMax: config.databasePoolMax });
  const services = createServices(instrumentStore(store), {
    publicUrl: config.publicUrl,
    activity: { enabled: config.activityRecording, retentionDays: config.activityRetentionDays },
  });
  const app = await buildApp(services, { logLevel: config.logLevel, metricsToken: config.metricsToken, metricsOrgLabels: config.metricsOrgLabels });
  services.recorder.startPruning();
  const webhooks = new DeliveryWorker(services.store, {
    allowPrivateNetworks: config.webhookAllowPrivateNetworks,
    onError: (error) => app.log.error({ err: error }, 'webhook delivery worker'),
  });
  // A successful write through this process has committed its events: look for them now rather than at the next poll.
  app.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) webhooks.wake();
  });
  const pruner = new EventPruner(services.store, config.eventRetentionDays, undefined, (error) => app.log.error({ err: error }, 'events could not be pruned'));
  const address = await app.listen({ port: config.port, host: config.host });
  webhooks.start();
  pruner.start();
  return {
    app,
    services,
    address,
    webhooks,
    async close() {
      pruner.stop();
      // Fastify stops accepting and lets in-flight requests finish; then the store closes. Fastify closes idle
      // keep-alive connections once, when close starts: a connection whose last request ends later would stay open
      // until its keep-alive timeout and hold the process, so idle connections are swept until the server is closed.
      const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
      try {
        // Sends in flight get a few seconds to be recorded while HTTP requests finish; the store closes after both.
        await Promise.all([app.close(), webhooks.stop()]);
      } finally {
        clearInterval(sweep);
      }
      await store.close();
    },
  };
}
