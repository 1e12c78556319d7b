// `rollcall schema put|list|delete|undeclared`: an organization's SCIM schema extensions (design.md section 11).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../core/orgs/org-service.js';
import { DATABASE_URL_OPTION, withServices, type CliIo } from './cli-io.js';

const CLI_ACTOR = { name: 'cli', ip: null };

/** Reads a JSON file the CLI was given, with a one-line error when it cannot. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`cannot read ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(`${file} is not valid JSON`);
  }
}

export function schemaCommands(program: Command, io: CliIo): void {
  const schema = program.command('schema').description("manage an organization's SCIM schema extensions");
  schema
    .command('put')
    .description('declare or redefine an extension (a SCIM Schema resource, RFC 7643 section 7) from a JSON file')
    .requiredOption('--org <slug>', 'organization slug')
    .requiredOption('--resource-type <type>', 'User or Group')
    .requiredOption('--file <path>', 'JSON file holding {"id": "urn:...", "attributes": [...]}')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { org: string; resourceType: string; file: string; databaseUrl?: string }) => {
      const definition = readJsonFile(options.file);
      await withServices(io, options.databaseUrl, async (services) => {
        const org = await services.orgs.requireOrg(options.org);
        const { created, extension } = await services.schemas.put(org.id, options.resourceType, definition, CLI_ACTOR);
        io.stdout.write(`${created ? 'Declared' : 'Redefined'} ${extension.urn} for ${extension.resourceType} in ${org.slug}\n`);
      });
    });

  schema
    .command('list')
    .description('list the declared extensions and the undeclared-extension choice')
    .requiredOption('--org <slug>', 'organization slug')
    .option('--json', 'machine-readable output: the declared definitions')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { org: string; json?: boolean; databaseUrl?: string }) => {
      await withServices(io, options.databaseUrl, async (services) => {
        const org = await services.orgs.requireOrg(options.org);
        const list = await services.schemas.list(org.id);
        const keep = await services.schemas.keepsUndeclaredExtensions(org.id);
        if (options.json) {
          const extensions = list.map((e) => ({ resourceType: e.resourceType, ...e.definition }));
          io.stdout.write(`${JSON.stringify({ keepUndeclaredExtensions: keep, extensions }, null, 2)}\n`);
          return;
        }
        for (const e of list) io.stdout.write(`${e.resourceType}\t${e.urn}\t${(e.definition['attributes'] as unknown[]).length} attributes\n`);
        if (list.length === 0) io.stdout.write('No schema extensions declared\n');
        io.stdout.write(`Undeclared extension data: ${keep ? 'kept as sent' : 'refused'}\n`);
      });
    });

  schema
    .command('delete')
    .description('remove a declared extension (data already stored under it stays until the resource is next written)')
    .requiredOption('--org <slug>', 'organization slug')
    .requiredOption('--urn <urn>', 'the extension URN')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { org: string; urn: string; databaseUrl?: string }) => {
      await withServices(io, options.databaseUrl, async (services) => {
        const org = await services.orgs.requireOrg(options.org);
        await services.schemas.delete(org.id, options.urn, CLI_ACTOR);
        io.stdout.write(`Deleted ${options.urn} from ${org.slug}\n`);
      });
    });

  schema
    .command('undeclared')
    .description('keep or refuse extension data under URNs the organization has not declared (default: refuse)')
    .requiredOption('--org <slug>', 'organization slug')
    .argument('<choice>', 'keep or refuse')
    .option(...DATABASE_URL_OPTION)
    .action(async (choice: string, options: { org: string; databaseUrl?: string }) => {
      if (choice !== 'keep' && choice !== 'refuse') throw new InputError('choose "keep" or "refuse"');
      await withServices(io, options.databaseUrl, async (services) => {
        const org = await services.orgs.requireOrg(options.org);
        await services.schemas.setKeepUndeclaredExtensions(org.id, choice === 'keep', CLI_ACTOR);
        io.stdout.write(`Undeclared extension data in ${org.slug}: ${choice === 'keep' ? 'kept as sent' : 'refused'}\n`);
      });
    });
}
