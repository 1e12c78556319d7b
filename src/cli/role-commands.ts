// `rollcall role-mapping set|show`: an organization's group-to-role mapping, with the JSON the API takes.
import type { Command } from 'commander';
import { roleMappingFromJson } from '../core/roles/role-mapping-service.js';
import { DATABASE_URL_OPTION, withServices, type CliIo } from './cli-io.js';
import { readJsonFile } from './schema-commands.js';

export function roleCommands(program: Command, io: CliIo): void {
  const roles = program.command('role-mapping').description("map an organization's identity-provider groups to roles");
  roles
    .command('set')
    .description('replace the mapping from a JSON file; users whose role changes get a user.updated event')
    .requiredOption('--org <slug>', 'organization slug')
    .requiredOption('--file <path>', 'JSON file holding {"default_role": "member", "rules": [{"group_id": "...", "role": "admin", "priority": 1}]}')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { org: string; file: string; databaseUrl?: string }) => {
      const mapping = roleMappingFromJson(readJsonFile(options.file));
      await withServices(io, options.databaseUrl, async (services) => {
        const org = await services.orgs.requireOrg(options.org);
        const { changedUsers } = await services.roles.put(org.id, mapping, 'cli');
        io.stdout.write(`Role mapping of ${org.slug} set: ${mapping.rules.length} rules, ${changedUsers.length} users changed role\n`);
      });
    });

  roles
    .command('show')
    .description('print the mapping as JSON')
    .requiredOption('--org <slug>', 'organization slug')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { org: string; databaseUrl?: string }) => {
      await withServices(io, options.databaseUrl, async (services) => {
        const org = await services.orgs.requireOrg(options.org);
        const mapping = await services.roles.get(org.id);
        const json = {
          default_role: mapping.defaultRole,
          for_console: mapping.forConsole,
          rules: mapping.rules.map((r) => ({ group_id: r.groupId, display_name: mapping.groupNames.get(r.groupId) ?? null, role: r.role, priority: r.priority })),
        };
        io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      });
    });
}
