import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { Store } from '../../storage/store.js';
import { createServices } from '../services.js';
import { TOKEN_CACHE_TTL_MS } from './token-service.js';

let store: Store;
afterEach(() => store.close());

describe('token verification cache', () => {
  it('another instance refuses a revoked token once the cache bound (under one second) has passed', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const clock = () => new Date(now);
    store = createSqliteStore(':memory:');
    const serving = createServices(store, { publicUrl: 'http://a', clock });
    const admin = createServices(store, { publicUrl: 'http://a', clock });
    const org = await serving.orgs.createOrg({ slug: 'c', name: 'C', ownerEmail: 'o@c.example', ownerPassword: 'long enough password' });
    const { token } = await admin.tokens.generate(org.id, { name: 'admin', ip: null });
    const origin = { agent: 'Okta SCIM Client 1.0.0', ip: '127.0.0.1' };
    expect((await serving.tokens.authenticate(token, origin)).ok).toBe(true);

    await admin.tokens.revoke(org.id, { name: 'admin', ip: null });
    expect(TOKEN_CACHE_TTL_MS).toBeLessThan(1000);
    now += TOKEN_CACHE_TTL_MS;
    expect((await serving.tokens.authenticate(token, origin)).ok).toBe(false);
  });

  it('the instance that rotates stops accepting the old token at once', async () => {
    store = createSqliteStore(':memory:');
    const services = createServices(store, { publicUrl: 'http://a' });
    const org = await services.orgs.createOrg({ slug: 'd', name: 'D', ownerEmail: 'o@d.example', ownerPassword: 'long enough password' });
    const { token } = await services.tokens.generate(org.id, { name: 'admin', ip: null });
    expect((await services.tokens.authenticate(token, { agent: null, ip: null })).ok).toBe(true);
    await services.tokens.generate(org.id, { name: 'admin', ip: null });
    expect((await services.tokens.authenticate(token, { agent: null, ip: null })).ok).toBe(false);
  });
});
