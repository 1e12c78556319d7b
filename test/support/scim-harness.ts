// A Rollcall app on a fresh database (in-memory SQLite, or a PostgreSQL schema with ROLLCALL_TEST_DB=postgres), with helpers to create orgs and tokens and speak SCIM.
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createServices, type Services } from '../../src/core/services.js';
import { buildApp } from '../../src/http/build-app.js';
import type { Store } from '../../src/storage/store.js';
import { openTestStore } from './test-store.js';

export const PUBLIC_URL = 'https://rollcall.test';
export const SCIM_BASE = `${PUBLIC_URL}/scim/v2`;
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export interface Harness {
  readonly app: FastifyInstance;
  readonly services: Services;
  /** Every log line the app wrote. */
  readonly logs: string[];
  /** Creates an org with an owner and returns its slug, id and a fresh SCIM token. */
  org(slug: string): Promise<{ slug: string; id: string; token: string }>;
  scim(token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function harness(options: { now?: () => Date; engine?: Store['engine'] } = {}): Promise<Harness> {
  const { store, dispose } = await openTestStore(options.engine);
  const services = createServices(store, { publicUrl: PUBLIC_URL, ...(options.now ? { clock: options.now } : {}) });
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const app = await buildApp(services, { logLevel: 'debug', logStream });
  return {
    app,
    services,
    logs,
    async org(slug) {
      const org = await services.orgs.createOrg({
        slug,
        name: slug.toUpperCase(),
        ownerEmail: `owner@${slug}.example.com`,
        ownerPassword: 'a long enough password',
      });
      const { token } = await services.tokens.generate(org.id, { name: 'test', ip: null });
      return { slug, id: org.id, token };
    },
    scim(token, method, path, body, headers = {}) {
      return app.inject({
        method: method as 'GET',
        url: `/scim/v2${path}`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
}

export const newUser = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER_SCHEMA], userName, ...extra });
export const newGroup = (displayName: string, members: string[] = []) => ({
  schemas: [GROUP_SCHEMA],
  displayName,
  members: members.map((value) => ({ value })),
});
