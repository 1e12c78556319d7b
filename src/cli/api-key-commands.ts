// `rollcall api-key create|list|revoke`: keys for the product team's API; create prints the key alone on stdout, once.
import type { Command } from 'commander';
import { DATABASE_URL_OPTION, withServices, type CliIo } from './cli-io.js';

export function apiKeyCommands(program: Command, io: CliIo): void {
  const apiKey = program.command('api-key').description('manage API keys for /api/v1 (the product team\'s API)');
  apiKey
    .command('create')
    .description('create an API key and print it (shown this once)')
    .requiredOption('--name <name>', 'what the key is for, e.g. "billing app"')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { name: string; databaseUrl?: string }) => {
      await withServices(io, options.databaseUrl, async (services) => {
        const { key } = await services.apiKeys.create(options.name);
        io.stdout.write(`${key}\n`);
      });
    });

  apiKey
    .command('list')
    .description('list API keys: id, name, hint, created, last used, revoked (never the key)')
    .option('--json', 'machine-readable output')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { json?: boolean; databaseUrl?: string }) => {
      await withServices(io, options.databaseUrl, async (services) => {
        const keys = (await services.apiKeys.list()).map((k) => ({
          id: k.id,
          name: k.name,
          hint: k.hint,
          createdAt: k.createdAt,
          lastUsedAt: k.lastUsedAt,
          revokedAt: k.revokedAt,
        }));
        if (options.json) {
          io.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
          return;
        }
        if (keys.length === 0) io.stdout.write('No API keys (create one with rollcall api-key create --name NAME)\n');
        for (const k of keys) {
          const state = k.revokedAt ? `revoked ${k.revokedAt}` : `last used ${k.lastUsedAt ?? 'never'}`;
          io.stdout.write(`${k.id}  ${k.hint}  ${k.name}  created ${k.createdAt}  ${state}\n`);
        }
      });
    });

  apiKey
    .command('revoke')
    .description('revoke an API key at once')
    .requiredOption('--id <id>', 'the key id shown by api-key list')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { id: string; databaseUrl?: string }) => {
      await withServices(io, options.databaseUrl, async (services) => {
        const key = await services.apiKeys.revoke(options.id);
        io.stdout.write(`Revoked API key ${key.id} (${key.name})\n`);
      });
    });
}
