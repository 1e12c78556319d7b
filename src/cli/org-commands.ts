// `rollcall org create` and `rollcall org list`.
import type { Command } from 'commander';
import { DATABASE_URL_OPTION, withServices, type CliIo } from './cli-io.js';
import { obtainPassword } from './password-input.js';

export function orgCommands(program: Command, io: CliIo): void {
  const org = program.command('org').description('manage organizations');
  org
    .command('create')
    .description('create an organization and its first owner')
    .requiredOption('--slug <slug>', 'short name used in commands, e.g. acme')
    .requiredOption('--name <name>', 'display name, e.g. "Acme"')
    .requiredOption('--owner-email <email>', 'email of the first owner')
    .option('--owner-password <password>', 'password of the first owner (at least 12 characters); or --password-stdin, or a prompt')
    .option('--password-stdin', "read the first owner's password from standard input")
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { slug: string; name: string; ownerEmail: string; ownerPassword?: string; passwordStdin?: boolean; databaseUrl?: string }) => {
      await withServices(io, options.databaseUrl, async (services) => {
        const existing = await services.team.accountExists(options.ownerEmail);
        // An existing account keeps its password, so nobody is asked for one.
        const ownerPassword = existing
          ? ''
          : await obtainPassword(io, { value: options.ownerPassword, fromStdin: options.passwordStdin }, '--owner-password');
        const created = await services.orgs.createOrg({ slug: options.slug, name: options.name, ownerEmail: options.ownerEmail, ownerPassword });
        io.stdout.write(`Created organization ${created.slug} (${created.name}) with owner ${options.ownerEmail}\n`);
      });
    });

  org
    .command('list')
    .description('list every organization')
    .option('--json', 'machine-readable output')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { json?: boolean; databaseUrl?: string }) => {
      await withServices(
        io,
        options.databaseUrl,
        async (services) => {
          const orgs = await services.orgs.list();
          if (options.json) {
            io.stdout.write(`${JSON.stringify(orgs, null, 2)}\n`);
            return;
          }
          if (orgs.length === 0) io.stdout.write('No organizations yet.\n');
          for (const o of orgs) io.stdout.write(`${o.slug}\t${o.name}\tSCIM ${o.scimEnabled ? 'enabled' : 'disabled'}\tcreated ${o.createdAt}\n`);
        },
        { readOnly: true },
      );
    });
}
