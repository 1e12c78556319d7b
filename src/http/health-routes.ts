// /healthz answers while the process is up; /readyz only while the database answers and takes writes.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../core/services.js';
import { DatabaseUnavailableError } from '../storage/store-errors.js';

export function healthRoutes(app: FastifyInstance, services: Services): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    try {
      await services.store.ping();
      return { status: 'ready', database: services.store.engine };
    } catch (error) {
      // One line without a stack; an outage already logged by a failing request is not logged again per probe.
      if (!(error instanceof DatabaseUnavailableError)) request.log.warn({ cause: (error as Error).message }, 'database not reachable');
      else if (error.firstOfCause) request.log.warn({ cause: error.reason }, error.message);
      return reply.code(503).send({ status: 'unavailable', database: services.store.engine });
    }
  });
}
