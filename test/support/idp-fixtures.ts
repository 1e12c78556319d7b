// Loads the IdP request fixtures of test/fixtures/idp and replays them against a harness, filling {{placeholders}}.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { Harness } from './scim-harness.js';

export interface IdpFixture {
  readonly file: string;
  readonly provider: string;
  readonly source: string;
  readonly step: string;
  readonly request: { method: string; path: string; headers: Record<string, string>; body: unknown };
  readonly expect: { status: number; notes: string };
}

const ROOT = new URL('../fixtures/idp/', import.meta.url).pathname;

export function loadFixtures(provider: string): IdpFixture[] {
  const dir = join(ROOT, provider);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<IdpFixture, 'file'>) }));
}

export function fixture(provider: string, prefix: string): IdpFixture {
  const found = loadFixtures(provider).find((f) => f.file.startsWith(prefix));
  if (!found) throw new Error(`no ${provider} fixture ${prefix}`);
  return found;
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`fixture placeholder {{${name}}} has no value`);
    return value;
  });
}

/** Percent-encodes the query of a fixture path the way an HTTP client puts it on the wire. */
function encodePath(path: string): string {
  const [pathname, query] = path.split(/\?(.*)/s);
  if (query === undefined) return pathname!;
  const params = query.split('&').map((pair) => {
    const [key, value = ''] = pair.split(/=(.*)/s);
    const decoded = (() => {
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    })();
    return `${key}=${encodeURIComponent(decoded)}`;
  });
  return `${pathname}?${params.join('&')}`;
}

export async function replay(h: Harness, fx: IdpFixture, vars: Record<string, string>): Promise<LightMyRequestResponse> {
  const path = encodePath(fill(fx.request.path, vars));
  const headers = Object.fromEntries(Object.entries(fx.request.headers).map(([k, v]) => [k.toLowerCase(), fill(v, vars)]));
  if (!headers['authorization']) headers['authorization'] = `Bearer ${vars['token']}`;
  const body = fx.request.body === null || fx.request.body === undefined ? undefined : fill(JSON.stringify(fx.request.body), vars);
  return h.app.inject({
    method: fx.request.method as 'GET',
    url: `/scim/v2${path}`,
    headers,
    ...(body === undefined ? {} : { payload: body }),
  });
}
