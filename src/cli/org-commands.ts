// `rollcall org create` and `rollcall member add`.
import type { Command } from 'commander';
import { DATABASE_URL_OPTION, withServices, type CliIo } from './cli-io.js';

export function orgCommands(program: Command, io: CliIo): void {
  const org = program.command('org').description('manage organizations');
  org
    .command('create')
    .description('create an organization and its first owner')
    .requiredOption('--slug <slug>', 'short name used in commands, e.g. acme')
    .requiredOption('--name <name>', 'display name, e.g. "Acme"')
    .requiredOption('--owner-email <email>', 'email of the first owner')
    .requiredOption('--owner-password <password>', 'password of the first owner (at least 12 characters)')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { slug: string; name: string; ownerEmail: string; ownerPassword: string; databaseUrl?: string }) => {
      await withServices(io, options.databaseUrl, async (services) => {
        const created = await services.orgs.createOrg(options);
        io.stdout.write(`Created organization ${created.slug} (${created.name}) with owner ${options.ownerEmail}\n`);
      });
    });

  const member = program.command('member').description('manage console members');
  member
    .command('add')
    .description('add a person to an organization with a role')
    .requiredOption('--org <slug>', 'organization slug')
    .requiredOption('--email <email>', 'email address')
    .option('--password <password>', 'password for a new account (at least 12 characters)')
    .requiredOption('--role <role>', 'owner, admin or member')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { org: string; email: string; password?: string; role: string; databaseUrl?: string }) => {
      await withServices(io, options.databaseUrl, async (services) => {
        await services.orgs.addMember({ orgSlug: options.org, email: options.email, password: options.password ?? '', role: options.role });
        io.stdout.write(`Added ${options.email} to ${options.org} as ${options.role}\n`);
      });
    });
}
