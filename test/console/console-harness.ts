// Builds an app on an in-memory store with a controllable clock and captured logs, plus helpers that behave
// like a browser: a cookie jar, CSRF fields read from the served forms, and form-encoded posts.
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createServices, type Services } from '../../src/core/services.js';
import { buildApp } from '../../src/http/build-app.js';
import { openTestStore } from '../support/test-store.js';

export const PASSWORD = 'correct horse battery staple';

export interface Harness {
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly logs: () => string;
  /** Moves the injected clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function createHarness(options: { publicUrl?: string; activitySearchWindow?: number } = {}): Promise<Harness> {
  let now = new Date('2025-01-05T10:00:00.000Z');
  // In-memory SQLite, or a fresh PostgreSQL schema with ROLLCALL_TEST_DB=postgres.
  const { store, dispose } = await openTestStore();
  const services = createServices(store, {
    publicUrl: options.publicUrl ?? 'http://rollcall.test',
    clock: () => now,
    ...(options.activitySearchWindow ? { activity: { searchWindow: options.activitySearchWindow } } : {}),
  });
  const chunks: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const app = await buildApp(services, { logStream, logLevel: 'debug' });
  return {
    app,
    services,
    logs: () => chunks.join(''),
    advance(ms) {
      now = new Date(now.getTime() + ms);
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
}

/** Creates an org with an owner, plus accounts for the given extra roles. */
export async function seedOrg(h: Harness, slug = 'acme', extra: readonly ('admin' | 'member')[] = []) {
  const org = await h.services.orgs.createOrg({ slug, name: `${slug[0]!.toUpperCase()}${slug.slice(1)} Inc`, ownerEmail: `owner@${slug}.test`, ownerPassword: PASSWORD });
  for (const role of extra) {
    await h.services.orgs.addMember({ orgSlug: slug, email: `${role}@${slug}.test`, password: PASSWORD, role });
  }
  return org;
}

export function setCookies(response: LightMyRequestResponse): string[] {
  const header = response.headers['set-cookie'];
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
}

/** A tiny browser: keeps cookies between requests. */
export class Browser {
  readonly jar = new Map<string, string>();
  constructor(
    private readonly app: FastifyInstance,
    /** The client address the server sees. */
    private readonly remoteAddress = '127.0.0.1',
  ) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of setCookies(response)) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/Max-Age=0/.test(cookie)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.keep(await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  async post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(fields).toString(),
      }),
    );
  }

  /** Signs in through the real form; returns the final POST response. */
  async signIn(email: string, password = PASSWORD) {
    const form = await this.get('/sign-in');
    return this.post('/sign-in', { _csrf: csrfOf(form.body), email, password });
  }
}

export function csrfOf(body: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!match) throw new Error('no CSRF field in the page');
  return match[1]!;
}

export function fieldValue(body: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(body);
  return match?.[1];
}
