// Structured logs (pino, JSON lines, ISO-8601 `time`) that never carry secrets: one line per request with its
// route, status, duration, organization and, for errors, the SCIM scimType and detail; audit events as they happen.
// Authorization and Cookie headers are redacted, and a token someone put in a query string is masked.
import type { FastifyInstance, FastifyLoggerOptions, FastifyRequest } from 'fastify';
import { stdTimeFunctions, type LoggerOptions } from 'pino';
import type { Services } from '../core/services.js';
import type { ScimError } from '../scim/errors.js';

const SECRET_QUERY = /((?:^|[?&])(?:access_token|token)=)[^&]*/gi;
// Any of Rollcall's own secrets (token-format.ts: rcs_, rck_, rcl_, rci_, rcp_ ...) wherever it sits in the URL, such
// as a link pasted into a path or under another parameter name.
const ROLLCALL_SECRET = /rc[a-z]_[0-9A-Za-z]{65}/g;

export const maskSecrets = (text: string): string => text.replace(ROLLCALL_SECRET, '[REDACTED]');
export const maskUrl = (url: string): string => maskSecrets(url.replace(SECRET_QUERY, '$1[REDACTED]'));

export function loggerOptions(level: string, destination?: NodeJS.WritableStream): FastifyLoggerOptions & LoggerOptions {
  return {
    level,
    timestamp: stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'], censor: '[REDACTED]' },
    serializers: {
      req(request: { method: string; url: string; ip?: string; headers: Record<string, unknown> }) {
        return { method: request.method, url: maskUrl(request.url), ip: request.ip, userAgent: request.headers['user-agent'] };
      },
    },
    ...(destination ? { stream: destination } : {}),
  } as FastifyLoggerOptions & LoggerOptions;
}

const scimErrors = new WeakMap<FastifyRequest, { scimType?: string; detail: string }>();

/** Remembers the SCIM error a request was answered with, for its log line. */
export function noteScimError(request: FastifyRequest, error: ScimError): void {
  scimErrors.set(request, { ...(error.scimType ? { scimType: error.scimType } : {}), detail: error.detail });
}

/** The organization a request acted for: the SCIM token's, or the console URL's slug. */
function orgFields(request: FastifyRequest): Record<string, string> {
  if (request.scimClient) return { org: request.scimClient.orgId };
  const slug = (request.params as { slug?: unknown } | undefined)?.slug;
  return typeof slug === 'string' ? { orgSlug: maskSecrets(slug) } : {};
}

const WRITES_INFO = new Set(['trace', 'debug', 'info']);

/** Replaces Fastify's two lines per request with one, written when the answer has been sent. */
export function requestLogging(app: FastifyInstance, services: Services): void {
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    // Below LOG_LEVEL=info only server errors are written: build the line only when it will be.
    if (status < 500 && !WRITES_INFO.has(request.log.level)) return;
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      url: maskUrl(request.url),
      status,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      ...orgFields(request),
      ...scimErrors.get(request),
      ip: request.ip,
      userAgent: request.headers['user-agent'],
    };
    if (status >= 500) request.log.error(line, 'request');
    else request.log.info(line, 'request');
  });
  const stop = services.auditFeed.subscribe((event) => {
    app.log.info({ action: event.action, org: event.orgId, actor: event.actor, ip: event.ip, detail: event.detail }, 'audit event');
  });
  app.addHook('onClose', async () => {
    stop();
  });
}
