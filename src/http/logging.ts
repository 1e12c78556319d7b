// Structured request logs (pino) that never carry secrets: Authorization and Cookie headers are redacted,
// and a token someone put in a query string is masked before the URL is logged.
import type { FastifyLoggerOptions } from 'fastify';
import type { LoggerOptions } from 'pino';

const SECRET_QUERY = /((?:^|[?&])(?:access_token|token)=)[^&]*/gi;

export const maskUrl = (url: string): string => url.replace(SECRET_QUERY, '$1[REDACTED]');

export function loggerOptions(level: string, destination?: NodeJS.WritableStream): FastifyLoggerOptions & LoggerOptions {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'], censor: '[REDACTED]' },
    serializers: {
      req(request: { method: string; url: string; ip?: string; headers: Record<string, unknown> }) {
        return { method: request.method, url: maskUrl(request.url), ip: request.ip, userAgent: request.headers['user-agent'] };
      },
    },
    ...(destination ? { stream: destination } : {}),
  } as FastifyLoggerOptions & LoggerOptions;
}
