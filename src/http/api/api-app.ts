// The Fastify instance /api/v1 route modules receive: TypeBox schemas type each handler's request and reply.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from '../../core/services.js';

export type ApiApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** One file per resource under src/http/api/ exports one of these; api-routes.ts lists them. */
export type ApiRouteModule = (app: ApiApp, services: Services) => void;
