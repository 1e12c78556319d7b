// Replays the IdP request fixtures of test/fixtures/idp/ over inject(), substituting {{placeholders}}.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface Fixture {
  readonly provider: string;
  readonly source: string;
  readonly step: string;
  readonly request: { method: string; path: string; headers: Record<string, string>; body: unknown };
  readonly expect: { status: number; notes: string };
}

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'idp');

/** Fixtures of one provider keyed by their two-digit number ("05"). */
export function loadFixtures(provider: string): Map<string, Fixture> {
  const out = new Map<string, Fixture>();
  for (const file of readdirSync(join(ROOT, provider)).sort()) {
    if (file.endsWith('.json')) out.set(file.slice(0, 2), JSON.parse(readFileSync(join(ROOT, provider, file), 'utf8')) as Fixture);
  }
  return out;
}

export function substitute<T>(value: T, bindings: ReadonlyMap<string, string>): T {
  const text = JSON.stringify(value).replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const bound = bindings.get(name);
    if (bound === undefined) throw new Error(`fixture placeholder ${whole} has no binding yet`);
    return bound;
  });
  return JSON.parse(text) as T;
}

/** Paths with raw spaces or quotes (as Microsoft documents them) are percent-encoded, as they are on the wire. */
const wirePath = (path: string) => (/[ "]/.test(path) ? encodeURI(path) : path);

export async function replay(app: FastifyInstance, fixture: Fixture, bindings: ReadonlyMap<string, string>): Promise<LightMyRequestResponse> {
  const request = substitute(fixture.request, bindings);
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return app.inject({
    method: request.method as 'GET',
    url: `/scim/v2${wirePath(request.path)}`,
    headers,
    ...(request.body === null ? {} : { payload: JSON.stringify(request.body) }),
  });
}
