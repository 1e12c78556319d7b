// The `rollcall` command line: serve, org, member and token commands over the same services as the console.
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { InputError } from '../core/orgs/org-service.js';
import { ScimError } from '../scim/errors.js';
import { apiKeyCommands } from './api-key-commands.js';
import { DatabaseOpenError } from '../storage/store-errors.js';
import { VERSION } from '../version.js';
import { memberCommands } from './member-commands.js';
import { orgCommands } from './org-commands.js';
import { roleCommands } from './role-commands.js';
import { schemaCommands } from './schema-commands.js';
import { serveCommand } from './serve-command.js';
import { tokenCommands } from './token-commands.js';
import type { CliIo } from './cli-io.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('rollcall')
    .description('Rollcall: SCIM 2.0 provisioning for your workspace')
    .version(VERSION, '-V, --version', 'print the version of Rollcall')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();
  serveCommand(program, io);
  orgCommands(program, io);
  memberCommands(program, io);
  tokenCommands(program, io);
  apiKeyCommands(program, io);
  schemaCommands(program, io);
  roleCommands(program, io);
  return program;
}

/** Runs the CLI and resolves to the process exit code; errors go to stderr, results to stdout. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof InputError || error instanceof ConfigError || error instanceof ScimError || error instanceof DatabaseOpenError) {
      io.stderr.write(`rollcall: ${error instanceof ScimError ? error.detail : error.message}\n`);
      return 1;
    }
    io.stderr.write(`rollcall: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 1;
  }
}

export { loadConfig };
