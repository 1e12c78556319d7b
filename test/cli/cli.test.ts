// The rollcall CLI, run in-process against a temporary SQLite file (or a fresh PostgreSQL schema with ROLLCALL_TEST_DB=postgres): stdout for results, stderr and exit codes for errors.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN_LENGTH } from '../../src/core/tokens/token-format.js';
import { createServices } from '../../src/core/services.js';
import { openStore } from '../../src/storage/open-store.js';
import { cliDatabase } from '../support/cli-database.js';

const { dir, databaseUrl, cli } = await cliDatabase('cli');

describe('rollcall CLI', () => {
  it('creates an organization with its owner', async () => {
    const r = await cli('org', 'create', '--slug', 'acme', '--name', 'Acme', '--owner-email', 'owner@acme.example', '--owner-password', 'a long enough password');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('acme');
  });

  it.each([
    ['a duplicate slug', ['org', 'create', '--slug', 'acme', '--name', 'Again', '--owner-email', 'x@acme.example', '--owner-password', 'a long enough password'], /already exists/],
    ['an invalid slug', ['org', 'create', '--slug', 'Not A Slug', '--name', 'X', '--owner-email', 'x@x.example', '--owner-password', 'a long enough password'], /invalid slug/],
    ['a weak password', ['org', 'create', '--slug', 'weak', '--name', 'W', '--owner-email', 'w@w.example', '--owner-password', 'short'], /at least 12/],
    ['a missing password', ['org', 'create', '--slug', 'nopw', '--name', 'N', '--owner-email', 'n@n.example'], /owner-password/],
    ['an unknown org', ['token', 'generate', '--org', 'nope'], /no organization with slug "nope"/],
    ['an unknown role', ['member', 'add', '--org', 'acme', '--email', 'm@acme.example', '--password', 'a long enough password', '--role', 'king'], /invalid role/],
    ['a bad email', ['member', 'add', '--org', 'acme', '--email', 'not-an-email', '--password', 'a long enough password', '--role', 'member'], /invalid email/],
  ])('fails on %s with a message on stderr and a non-zero exit', async (_label, args, message) => {
    const r = await cli(...args);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('adds members with roles', async () => {
    const r = await cli('member', 'add', '--org', 'acme', '--email', 'admin@acme.example', '--password', 'another long password', '--role', 'admin');
    expect(r.code).toBe(0);
  });

  it('token generate prints the token alone; status shows a hint, never the token; revoke disables', async () => {
    const generated = await cli('token', 'generate', '--org', 'acme');
    expect(generated.code).toBe(0);
    const token = generated.out.trim();
    expect(generated.out).toBe(`${token}\n`);
    expect(token).toHaveLength(TOKEN_LENGTH);

    const store = await openStore(databaseUrl);
    // A fresh service per check: the server's short verification cache must not stand in for the database here.
    const accepted = async (t: string) =>
      (await createServices(store, { publicUrl: 'http://localhost:8080' }).tokens.authenticate(t, { agent: 'test', ip: null })).ok;
    expect(await accepted(token)).toBe(true);

    const status = await cli('token', 'status', '--org', 'acme');
    expect(status.code).toBe(0);
    expect(status.out).toContain('enabled');
    expect(status.out).toContain(token.slice(-4));
    expect(status.out).not.toContain(token);

    const second = (await cli('token', 'generate', '--org', 'acme')).out.trim();
    expect(await accepted(token)).toBe(false);
    expect(await accepted(second)).toBe(true);

    const revoked = await cli('token', 'revoke', '--org', 'acme');
    expect(revoked.code).toBe(0);
    expect(await accepted(second)).toBe(false);
    const json = JSON.parse((await cli('token', 'status', '--org', 'acme', '--json')).out);
    expect(json).toMatchObject({ enabled: false, current: null });
    await store.close();
  });

  it('schema put, list, undeclared and delete manage an organization\'s extensions', async () => {
    const URN = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';
    const file = join(dir, 'ext.json');
    writeFileSync(file, JSON.stringify({ id: URN, attributes: [{ name: 'CustomAttribute', type: 'string' }] }));
    const put = await cli('schema', 'put', '--org', 'acme', '--resource-type', 'User', '--file', file);
    expect(put).toMatchObject({ code: 0, err: '', out: `Declared ${URN} for User in acme\n` });
    expect((await cli('schema', 'put', '--org', 'acme', '--resource-type', 'User', '--file', file)).out).toContain('Redefined');
    const listed = JSON.parse((await cli('schema', 'list', '--org', 'acme', '--json')).out);
    expect(listed).toMatchObject({ keepUndeclaredExtensions: false, extensions: [{ resourceType: 'User', id: URN, name: 'User' }] });
    expect((await cli('schema', 'undeclared', 'keep', '--org', 'acme')).code).toBe(0);
    expect((await cli('schema', 'list', '--org', 'acme')).out).toContain('Undeclared extension data: kept as sent');

    writeFileSync(file, JSON.stringify({ id: 'urn:ietf:params:scim:schemas:core:2.0:User', attributes: [{ name: 'x', type: 'string' }] }));
    const reserved = await cli('schema', 'put', '--org', 'acme', '--resource-type', 'User', '--file', file);
    expect(reserved.code).toBe(1);
    expect(reserved.err).toMatch(/reserved by RFC 7643/);
    writeFileSync(file, '{ not json');
    expect((await cli('schema', 'put', '--org', 'acme', '--resource-type', 'User', '--file', file)).err).toMatch(/not valid JSON/);

    expect((await cli('schema', 'delete', '--org', 'acme', '--urn', URN.toLowerCase())).code).toBe(0);
    expect((await cli('schema', 'list', '--org', 'acme')).out).toContain('No schema extensions declared');
    const missing = await cli('schema', 'delete', '--org', 'acme', '--urn', URN);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/No schema extension/);
  });
});
