// `rollcall role-mapping set|show`, in-process against a temporary SQLite file (or a PostgreSQL schema): the API's
// JSON from a file, the resolved roles it gives, and one-line errors for a bad file or an unknown group.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/core/services.js';
import { openStore } from '../../src/storage/open-store.js';
import { cliDatabase } from '../support/cli-database.js';

const { dir, databaseUrl, cli } = await cliDatabase('role-cli');

const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('rollcall role-mapping', () => {
  it('sets a mapping from the API JSON, shows it, and refuses bad input in one line', async () => {
    expect((await cli('org', 'create', '--slug', 'vandelay', '--name', 'Vandelay', '--owner-email', 'o@vandelay.example', '--owner-password', 'a long enough password')).code).toBe(0);
    const store = await openStore(databaseUrl);
    let groupId: string;
    let userId: string;
    try {
      const services = createServices(store, { publicUrl: 'http://localhost:8080' });
      const org = await services.orgs.requireOrg('vandelay');
      const at = { at: new Date().toISOString(), client: 'test' };
      userId = 'art';
      groupId = 'importers';
      await store.users.create(org.id, { id: userId, doc: { userName: 'art@vandelay.example' } }, at);
      await store.groups.create(org.id, { id: groupId, doc: { displayName: 'Importers' }, members: [{ id: userId, type: 'User' }] }, at);
    } finally {
      await store.close();
    }

    const set = await cli('role-mapping', 'set', '--org', 'vandelay', '--file', file('ok.json', { default_role: 'member', rules: [{ group_id: groupId, role: 'admin', priority: 1 }] }));
    expect(set).toMatchObject({ code: 0, err: '', out: 'Role mapping of vandelay set: 1 rules, 1 users changed role\n' });
    const shown = await cli('role-mapping', 'show', '--org', 'vandelay');
    expect(JSON.parse(shown.out)).toEqual({ default_role: 'member', for_console: false, rules: [{ group_id: groupId, display_name: 'Importers', role: 'admin', priority: 1 }] });

    const unknownGroup = await cli('role-mapping', 'set', '--org', 'vandelay', '--file', file('bad.json', { default_role: null, rules: [{ group_id: 'nope', role: 'admin', priority: 1 }] }));
    expect(unknownGroup.code).not.toBe(0);
    expect(unknownGroup.err).toBe('rollcall: rules: no group with id "nope" exists in this organization\n');
    const typo = await cli('role-mapping', 'set', '--org', 'vandelay', '--file', file('typo.json', { defaultRole: 'member', rules: [] }));
    expect(typo.err).toBe('rollcall: "defaultRole" is not a field of a role mapping (default_role, for_console, rules)\n');
    const owner = await cli('role-mapping', 'set', '--org', 'vandelay', '--file', file('owner.json', { default_role: 'owner', for_console: true, rules: [] }));
    expect(owner.err).toMatch(/never owner/);
  });
});
