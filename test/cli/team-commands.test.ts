// The CLI's team and org commands, in-process on SQLite (or a fresh PostgreSQL schema with ROLLCALL_TEST_DB=postgres):
// list, add without surprises, set-role, remove, the last-owner rule, passwords from stdin, token rotation notice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createServices } from '../../src/core/services.js';
import { verifyPassword } from '../../src/core/passwords.js';
import { openStore } from '../../src/storage/open-store.js';
import { createTestSchema } from '../../src/storage/postgres/testing/test-schema.js';
import { TEST_ENGINE } from '../support/test-store.js';

const dir = mkdtempSync(join(tmpdir(), 'rollcall-team-cli-'));
const schema = TEST_ENGINE === 'postgres' ? await createTestSchema() : undefined;
const databaseUrl = schema ? schema.url : `sqlite:${join(dir, 'team.db')}`;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await schema?.drop();
});

const PASSWORD = 'a long enough password';

async function cli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end(options.input ?? '');
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runCli([...args, '--database-url', databaseUrl], { stdout, stderr, stdin, env: options.env ?? {} });
  return { code, out, err };
}

async function passwordOf(email: string): Promise<string> {
  const store = await openStore(databaseUrl);
  try {
    return (await store.accounts.byEmail(email))!.passwordHash;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  const r = await cli(['org', 'create', '--slug', 'team', '--name', 'Team Co', '--owner-email', 'owner@team.example', '--owner-password', PASSWORD]);
  expect(r.code).toBe(0);
});

describe('rollcall member and org commands', () => {
  it('org list shows every organization', async () => {
    const r = await cli(['org', 'list']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/team\s+Team Co/);
    expect(JSON.parse((await cli(['org', 'list', '--json'])).out)).toEqual([expect.objectContaining({ slug: 'team', name: 'Team Co', scimEnabled: false })]);
  });

  it('member add reads the password from stdin with --password-stdin', async () => {
    const r = await cli(['member', 'add', '--org', 'team', '--email', 'stdin@team.example', '--role', 'admin', '--password-stdin'], { input: 'piped password 123\n' });
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(await verifyPassword('piped password 123', await passwordOf('stdin@team.example'))).toBe(true);
  });

  it('never prompts without a terminal: a new account without a password is refused with what to pass', async () => {
    const r = await cli(['member', 'add', '--org', 'team', '--email', 'nopw@team.example', '--role', 'member']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/--password-stdin/);
  });

  it('member add on an existing member says so and changes nothing unless --update', async () => {
    const before = await passwordOf('stdin@team.example');
    const again = await cli(['member', 'add', '--org', 'team', '--email', 'STDIN@team.example', '--role', 'member', '--password', 'another password 456']);
    expect(again.code).not.toBe(0);
    expect(again.out).toBe('');
    expect(again.err).toMatch(/already a member of team as admin; nothing changed \(add --update to change the role\)/);
    expect(await passwordOf('stdin@team.example')).toBe(before);
    expect((await cli(['member', 'list', '--org', 'team'])).out).toMatch(/stdin@team\.example\s+admin/);

    const updated = await cli(['member', 'add', '--org', 'team', '--email', 'stdin@team.example', '--role', 'member', '--update']);
    expect(updated).toMatchObject({ code: 0, err: '' });
    expect(updated.out).toMatch(/role changed from admin to member/);
    expect(await passwordOf('stdin@team.example')).toBe(before);
  });

  it('member list shows email, role and status; --json for scripts', async () => {
    const r = await cli(['member', 'list', '--org', 'team']);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/owner@team\.example\s+owner\s+active/);
    const json = JSON.parse((await cli(['member', 'list', '--org', 'team', '--json'])).out) as { email: string; role: string }[];
    expect(json.map((m) => [m.email, m.role])).toEqual([
      ['owner@team.example', 'owner'],
      ['stdin@team.example', 'member'],
    ]);
  });

  it('the last owner can be neither demoted nor removed; after another owner exists, both work', async () => {
    const demote = await cli(['member', 'set-role', '--org', 'team', '--email', 'owner@team.example', '--role', 'admin']);
    expect(demote.code).not.toBe(0);
    expect(demote.err).toMatch(/at least one active owner/);
    const remove = await cli(['member', 'remove', '--org', 'team', '--email', 'owner@team.example']);
    expect(remove.code).not.toBe(0);
    expect(remove.err).toMatch(/at least one active owner/);

    expect((await cli(['member', 'set-role', '--org', 'team', '--email', 'stdin@team.example', '--role', 'owner'])).code).toBe(0);
    const removed = await cli(['member', 'remove', '--org', 'team', '--email', 'owner@team.example']);
    expect(removed).toMatchObject({ code: 0, err: '' });
    expect((await cli(['member', 'list', '--org', 'team'])).out).not.toContain('owner@team.example');
    const missing = await cli(['member', 'remove', '--org', 'team', '--email', 'owner@team.example']);
    expect(missing.err).toMatch(/owner@team\.example is not a member of team/);
  });

  it('records every member change in the audit log', async () => {
    const store = await openStore(databaseUrl);
    try {
      const services = createServices(store, { publicUrl: 'http://localhost' });
      const org = await services.orgs.requireOrg('team');
      const actions = (await store.audit.list(org.id, 50)).map((e) => `${e.action} ${String(e.detail?.['account'])}`);
      expect(actions).toEqual(
        expect.arrayContaining(['member.added stdin@team.example', 'member.role_changed stdin@team.example', 'member.removed owner@team.example']),
      );
    } finally {
      await store.close();
    }
  });

  it('token generate says on stderr that the previous token stopped working; the token alone is on stdout', async () => {
    const first = await cli(['token', 'generate', '--org', 'team']);
    expect(first.code).toBe(0);
    expect(first.err).not.toMatch(/previous/);
    const second = await cli(['token', 'generate', '--org', 'team']);
    expect(second.out).toMatch(/^\S+\n$/);
    expect(second.err).toMatch(/The previous token rcs_…\S{4} stopped working/);
    const overlap = await cli(['token', 'generate', '--org', 'team', '--overlap-minutes', '30']);
    expect(overlap.err).toMatch(/The previous token rcs_…\S{4} keeps working until \d{4}-\d\d-\d\dT/);
  });

  it('token status says where the SCIM base URL comes from', async () => {
    const byDefault = await cli(['token', 'status', '--org', 'team']);
    expect(byDefault.out).toMatch(/SCIM base URL: http:\/\/127\.0\.0\.1:8080\/scim\/v2 \(default: set PUBLIC_URL/);
    const configured = await cli(['token', 'status', '--org', 'team'], { env: { PUBLIC_URL: 'https://rollcall.team.example' } });
    expect(configured.out).toMatch(/SCIM base URL: https:\/\/rollcall\.team\.example\/scim\/v2 \(from PUBLIC_URL\)/);
  });
});
