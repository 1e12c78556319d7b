// `rollcall member add|list|set-role|remove`: the console team managed from a terminal, through the same TeamService.
import type { Command } from 'commander';
import { InputError } from '../core/orgs/org-service.js';
import { DATABASE_URL_OPTION, withServices, type CliIo } from './cli-io.js';
import { obtainPassword } from './password-input.js';

const CLI_ACTOR = { name: 'cli', ip: null };

export function memberCommands(program: Command, io: CliIo): void {
  const member = program.command('member').description('manage who may open an organization in the console');
  member
    .command('add')
    .description('add a person to an organization with a role (an existing member is left unchanged unless --update)')
    .requiredOption('--org <slug>', 'organization slug')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--role <role>', 'owner, admin or member')
    .option('--password <password>', 'password for a new account (at least 12 characters); or --password-stdin, or a prompt')
    .option('--password-stdin', 'read the password for a new account from standard input')
    .option('--update', 'if the person is already a member, change their role to --role')
    .option(...DATABASE_URL_OPTION)
    .action(
      async (options: { org: string; email: string; role: string; password?: string; passwordStdin?: boolean; update?: boolean; databaseUrl?: string }) => {
        await withServices(io, options.databaseUrl, async (services) => {
          const org = await services.orgs.requireOrg(options.org);
          const existing = await services.team.accountExists(options.email);
          const password = existing ? '' : await obtainPassword(io, { value: options.password, fromStdin: options.passwordStdin }, '--password');
          const outcome = await services.team.add(org, { email: options.email, password, role: options.role, update: options.update === true }, CLI_ACTOR);
          switch (outcome.kind) {
            case 'already-member':
              throw new InputError(
                `${options.email} is already a member of ${org.slug} as ${outcome.role}; nothing changed` +
                  (outcome.role === options.role ? '' : ' (add --update to change the role)'),
              );
            case 'role-changed':
              io.stdout.write(`${options.email} in ${org.slug}: role changed from ${outcome.from} to ${options.role}\n`);
              break;
            case 'added':
              if (!outcome.newAccount && (options.password !== undefined || options.passwordStdin)) {
                io.stderr.write(`rollcall: ${options.email} already has an account; its password was not changed\n`);
              }
              io.stdout.write(`Added ${options.email} to ${org.slug} as ${options.role}\n`);
          }
        });
      },
    );

  member
    .command('list')
    .description("list an organization's members with role and status")
    .requiredOption('--org <slug>', 'organization slug')
    .option('--json', 'machine-readable output')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { org: string; json?: boolean; databaseUrl?: string }) => {
      await withServices(
        io,
        options.databaseUrl,
        async (services) => {
          const org = await services.orgs.requireOrg(options.org);
          const members = await services.team.list(org.id);
          if (options.json) {
            const body = members.map((m) => ({ email: m.email, role: m.role, status: m.suspended ? 'suspended' : 'active', since: m.since }));
            io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
            return;
          }
          const width = Math.max(5, ...members.map((m) => m.email.length));
          for (const m of members) {
            io.stdout.write(`${m.email.padEnd(width)}  ${m.role.padEnd(6)}  ${m.suspended ? 'suspended' : 'active'}  since ${m.since}\n`);
          }
        },
        { readOnly: true },
      );
    });

  member
    .command('set-role')
    .description("change a member's role (the last active owner cannot be demoted)")
    .requiredOption('--org <slug>', 'organization slug')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--role <role>', 'owner, admin or member')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { org: string; email: string; role: string; databaseUrl?: string }) => {
      await withServices(io, options.databaseUrl, async (services) => {
        const org = await services.orgs.requireOrg(options.org);
        const { from } = await services.team.setRole(org, options.email, options.role, CLI_ACTOR);
        io.stdout.write(
          from === options.role
            ? `${options.email} in ${org.slug} already has the role ${from}\n`
            : `${options.email} in ${org.slug}: role changed from ${from} to ${options.role}\n`,
        );
      });
    });

  member
    .command('remove')
    .description('remove a person from an organization (the last active owner cannot be removed)')
    .requiredOption('--org <slug>', 'organization slug')
    .requiredOption('--email <email>', 'email address')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { org: string; email: string; databaseUrl?: string }) => {
      await withServices(io, options.databaseUrl, async (services) => {
        const org = await services.orgs.requireOrg(options.org);
        await services.team.remove(org, options.email, CLI_ACTOR);
        io.stdout.write(`Removed ${options.email} from ${org.slug}\n`);
      });
    });
}
