// Composition root: configuration -> store -> services -> HTTP server.
import type { FastifyInstance } from 'fastify';
import { createServer } from 'node:net';
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

/** A port the OS reports free on `host` (PORT=0), so the default public URL can name it before the app is built. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * PORT=0 without PUBLIC_URL: choose the port first, so SCIM `meta.location`, the printed base URL and setup links
 * name the port the server listens on rather than 0.
 */
async function withListeningPort(config: Config): Promise<Config> {
  if (config.port !== 0 || config.publicUrlSource !== 'default') return config;
  const port = await freePort(config.host);
  return { ...config, port, publicUrl: config.publicUrl.replace(/:0$/, `:${port}`) };
}

export async function startServer(requested: Config): Promise<RunningServer> {
  const config = await withListeningPort(requested);
  const store = await openStore(config.databaseUrl, { poolMax: config.databasePoolMax });
  const services = createServices(instrumentStore(store), {
    publicUrl: config.publicUrl,
    activity: { enabled: config.activityRecording, retentionDays: config.activityRetentionDays },
    webhookAllowPrivateNetworks: config.webhookAllowPrivateNetworks,
  });
  const app = await buildApp(services, { logLevel: config.logLevel, metricsToken: config.metricsToken, metricsOrgLabels: config.metricsOrgLabels });
  services.recorder.startPruning();
  const webhooks = new DeliveryWorker(services.store, {
    allowPrivateNetworks: config.webhookAllowPrivateNetworks,
    onError: (error) => app.log.error({ err: error }, 'webhook delivery worker'),
  });
  // A successful write through this process has committed its events: look for them now rather than at the next poll.
  // (Also a redelivery asked for through the API.) A callback hook: no promise per request on the SCIM path.
  app.addHook('onResponse', (request, reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) webhooks.wake();
    done();
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
