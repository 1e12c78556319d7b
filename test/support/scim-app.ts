// A Rollcall app for HTTP tests on a fresh store (in-memory SQLite, or PostgreSQL with ROLLCALL_TEST_DB=postgres): real services, real routes, driven by inject().
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createServices, type Services } from '../../src/core/services.js';
import { buildApp } from '../../src/http/build-app.js';
import { openTestStore } from './test-store.js';

export const SCIM_JSON = 'application/scim+json';

export interface TestOrg {
  readonly orgId: string;
  readonly token: string;
  /** One SCIM request with this org's bearer token. */
  send(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface ScimTestApp {
  readonly app: FastifyInstance;
  readonly services: Services;
  newOrg(slug: string): Promise<TestOrg>;
  close(): Promise<void>;
}

export async function startScimApp(): Promise<ScimTestApp> {
  const { store, dispose } = await openTestStore();
  const services = createServices(store, { publicUrl: 'https://rollcall.test' });
  const app = await buildApp(services, { logLevel: 'silent' });
  return {
    app,
    services,
    async newOrg(slug) {
      const org = await services.orgs.createOrg({ slug, name: slug, ownerEmail: `owner@${slug}.test`, ownerPassword: 'correct horse battery staple' });
      const { token } = await services.tokens.generate(org.id, { name: 'test', ip: null });
      return {
        orgId: org.id,
        token,
        send: (method, url, body, headers = {}) =>
          app.inject({
            method: method as 'GET',
            url: `/scim/v2${url}`,
            headers: {
              authorization: `Bearer ${token}`,
              ...(body === undefined ? {} : { 'content-type': SCIM_JSON }),
              ...headers,
            },
            ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
          }),
      };
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
}

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const patchBody = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
export const userBody = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName,
  ...extra,
});
export const groupBody = (displayName: string, members: string[] = []) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  displayName,
  members: members.map((value) => ({ value })),
});
