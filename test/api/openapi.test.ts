// /api/v1/openapi.json is a valid OpenAPI 3.1 document (checked with a maintained validator) that describes every
// /api/v1 route registered in the app, generated from the same schemas that validate the requests.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, type ApiHarness } from '../support/api-harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await apiHarness();
});
afterAll(() => h.close());

type Operation = { requestBody?: unknown; responses: Record<string, unknown>; security?: unknown };

describe('the OpenAPI document', () => {
  it('is served without a key and validates against the OpenAPI 3.1 schema', async () => {
    const response = await h.api('GET', '/openapi.json', undefined, '');
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has every /api/v1 route, with its schemas', async () => {
    const doc = (await h.api('GET', '/openapi.json')).json() as { paths: Record<string, Record<string, Operation>> };
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    const served = h.routes
      .filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD' && r.url !== '/api/v1/openapi.json')
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z_]+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(0);
    for (const route of served) expect(documented, route).toContain(route);
    const create = doc.paths['/api/v1/organizations']!['post']!;
    expect(create.requestBody).toBeDefined();
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '409']));
  });

  it('describes the API-key bearer scheme', async () => {
    const doc = (await h.api('GET', '/openapi.json')).json();
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ apiKey: [] }]);
  });
});
