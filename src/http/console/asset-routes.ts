// Serves the console's one stylesheet and one script (CSP allows only same-origin files, nothing inline).
import type { FastifyInstance } from 'fastify';
import { CONSOLE_CSS } from './assets/console-css.js';
import { CONSOLE_JS } from './assets/console-js.js';
import { CSS_PATH, JS_PATH } from './views/layout.js';

export function assetRoutes(app: FastifyInstance): void {
  // Revalidated on every use: a deploy takes effect at once, and the files are small.
  app.get(CSS_PATH, { config: { public: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('Cache-Control', 'no-cache').send(CONSOLE_CSS),
  );
  app.get(JS_PATH, { config: { public: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'no-cache').send(CONSOLE_JS),
  );
  // Browsers ask for it on their own; an empty answer keeps their consoles free of 404s.
  app.get('/favicon.ico', { config: { public: true } }, async (_request, reply) => reply.code(204).send());
}
