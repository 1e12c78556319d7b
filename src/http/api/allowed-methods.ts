// Which methods /api/v1 serves at each path, so a known path asked with another method answers 405 with an Allow
// header (RFC 9110 section 15.5.6) instead of a 404 that says the resource does not exist.
import type { FastifyInstance } from 'fastify';
import { Problem } from '../../core/problem.js';

export interface AllowedMethods {
  /** The methods registered for routes matching `path` (no query string), sorted; empty when no route matches. */
  at(path: string): string[];
}

/** Fastify route URL -> a whole-path pattern: `:name` stands for one segment, `*` for the rest. */
function pattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/** Records every route registered on `app` from now on; call before the route modules register. */
export function collectAllowedMethods(app: FastifyInstance): AllowedMethods {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    routes.push({ pattern: pattern(route.url), methods: [route.method].flat() });
  });
  return {
    at(path) {
      const methods = routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods);
      return [...new Set(methods)].sort();
    },
  };
}

export function methodNotAllowed(method: string, path: string, allowed: readonly string[]): Problem {
  return new Problem(405, 'method-not-allowed', 'Method not allowed', `${path} answers ${allowed.join(', ')}, not ${method}`);
}
