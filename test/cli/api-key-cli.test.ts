// `rollcall api-key create|list|revoke`, in-process against a temporary SQLite file (or a PostgreSQL schema):
// the key alone on stdout once, never again; list shows hints; revoke stops the key at once.
import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/core/services.js';
import { API_KEY } from '../../src/core/tokens/token-format.js';
import { openStore } from '../../src/storage/open-store.js';
import { cliDatabase } from '../support/cli-database.js';

const { databaseUrl, cli } = await cliDatabase('api-key-cli');

describe('rollcall api-key', () => {
  it('creates a key shown once, lists it by hint, and revokes it', async () => {
    const created = await cli('api-key', 'create', '--name', 'billing app');
    expect(created).toMatchObject({ code: 0, err: '' });
    const key = created.out.trim();
    expect(created.out).toBe(`${key}\n`);
    expect(API_KEY.parse(key)).toBeDefined();

    const store = await openStore(databaseUrl);
    const services = () => createServices(store, { publicUrl: 'http://localhost:8080' });
    try {
      expect(await services().apiKeys.authenticate(key)).toMatchObject({ name: 'billing app' });
      // A SCIM door never takes it.
      expect((await services().tokens.authenticate(key, { agent: null, ip: null })).ok).toBe(false);

      const listed = await cli('api-key', 'list', '--json');
      const [entry] = JSON.parse(listed.out) as { id: string; name: string; hint: string; revokedAt: string | null }[];
      expect(entry).toMatchObject({ name: 'billing app', hint: `rck_…${key.slice(-4)}`, revokedAt: null });
      expect(listed.out).not.toContain(key);
      expect((await cli('api-key', 'list')).out).toContain(entry!.id);

      const revoked = await cli('api-key', 'revoke', '--id', entry!.id);
      expect(revoked.code).toBe(0);
      expect(await services().apiKeys.authenticate(key)).toBeUndefined();
      expect(JSON.parse((await cli('api-key', 'list', '--json')).out)[0].revokedAt).not.toBeNull();
    } finally {
      await store.close();
    }
  });

  it.each([
    ['an unknown id', ['api-key', 'revoke', '--id', 'nope'], /no live API key/],
    ['a blank name', ['api-key', 'create', '--name', '  '], /needs a name/],
    ['a missing name', ['api-key', 'create'], /--name/],
  ])('fails on %s with a message on stderr', async (_label, args, message) => {
    const r = await cli(...args);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });
});
