// A Rollcall app for /api/v1 tests on a fresh store (in-memory SQLite, or PostgreSQL with ROLLCALL_TEST_DB=postgres),
// with an API key and helpers to call the API, make SCIM tokens and speak SCIM.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createServices, type Services } from '../../src/core/services.js';
import { buildApp, type AppOptions } from '../../src/http/build-app.js';
import { openTestStore } from './test-store.js';

export const PUBLIC_URL = 'https://rollcall.test';

export interface ApiHarness {
  readonly app: FastifyInstance;
  readonly services: Services;
  /** A live API key. */
  readonly key: string;
  /** The PostgreSQL connection string of the test schema; undefined on SQLite. */
  readonly databaseUrl: string | undefined;
  /** Every route registered, as Fastify saw it. */
  readonly routes: { method: string; url: string }[];
  api(method: string, path: string, body?: unknown, key?: string): Promise<LightMyRequestResponse>;
  /** Creates an org through the API, enables SCIM for it, and returns its id and token. */
  scimOrg(name: string, externalId?: string): Promise<{ id: string; slug: string; token: string }>;
  scim(token: string, method: string, path: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function apiHarness(
  options: { now?: () => Date; logStream?: NodeJS.WritableStream; webhookAllowPrivateNetworks?: boolean } = {},
): Promise<ApiHarness> {
  const { store, dispose, databaseUrl } = await openTestStore();
  const services = createServices(store, {
    publicUrl: PUBLIC_URL,
    ...(options.now ? { clock: options.now } : {}),
    ...(options.webhookAllowPrivateNetworks ? { webhookAllowPrivateNetworks: true } : {}),
  });
  const routes: { method: string; url: string }[] = [];
  const appOptions: AppOptions = {
    logLevel: options.logStream ? 'debug' : 'silent',
    ...(options.logStream ? { logStream: options.logStream } : {}),
    onRoute: (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    },
  };
  const app = await buildApp(services, appOptions);
  const { key } = await services.apiKeys.create('tests');
  const harness: ApiHarness = {
    app,
    services,
    key,
    databaseUrl,
    routes,
    api(method, path, body, withKey = key) {
      return app.inject({
        method: method as 'GET',
        url: `/api/v1${path}`,
        headers: {
          ...(withKey ? { authorization: `Bearer ${withKey}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
    async scimOrg(name, externalId) {
      const created = await harness.api('POST', '/organizations', { name, ...(externalId ? { external_id: externalId } : {}) });
      if (created.statusCode !== 201) throw new Error(`org create failed: ${created.body}`);
      const org = created.json() as { id: string; slug: string };
      const { token } = await services.tokens.generate(org.id, { name: 'test', ip: null });
      return { id: org.id, slug: org.slug, token };
    },
    scim(token, method, path, body) {
      return app.inject({
        method: method as 'GET',
        url: `/scim/v2${path}`,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
  return harness;
}

export const scimUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName,
  ...extra,
});
