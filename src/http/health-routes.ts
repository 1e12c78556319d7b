// /healthz answers while the process is up; /readyz only while the database answers too.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../core/services.js';

export function healthRoutes(app: FastifyInstance, services: Services): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    try {
      await services.store.ping();
      return { status: 'ready', database: services.store.engine };
    } catch (error) {
      request.log.warn({ err: error }, 'database not reachable');
      return reply.code(503).send({ status: 'unavailable', database: services.store.engine });
    }
  });
}
