// `rollcall serve`: starts the HTTP server and says what to open first.
import type { Command } from 'commander';
import { startServer } from '../app.js';
import { loadConfig, publicUrlOrigin } from '../config.js';
import type { Services } from '../core/services.js';
import { SETUP_LINK_TTL_MS } from '../core/sessions/setup-service.js';
import { DATABASE_URL_OPTION, type CliIo } from './cli-io.js';

/** Longer than any request should take; load balancers usually allow 30 s for draining. */
const SHUTDOWN_DEADLINE_MS = 25_000;

export function serveCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('start the Rollcall server (PORT, HOST, DATABASE_URL, PUBLIC_URL)')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { databaseUrl?: string }) => {
      const config = loadConfig(io.env, { databaseUrl: options.databaseUrl });
      const server = await startServer(config);
      const { services } = server;
      const step = await firstStep(services);
      const setupPending = step.includes('/setup?token=');
      // stdout carries JSON lines only (the setup address is a secret: it goes to the operator's terminal on stderr).
      server.app.log.info(
        {
          address: server.address,
          database: services.store.engine,
          scimBaseUrl: services.scimBaseUrl,
          publicUrlFrom: config.publicUrlSource,
          next: setupPending
            ? 'no organization yet: open the one-time setup address printed on stderr, or run rollcall org create'
            : `sign in at ${services.publicUrl}/sign-in`,
        },
        `Rollcall is listening on ${server.address}`,
      );
      io.stderr.write(
        `Rollcall is listening on ${server.address} (database: ${services.store.engine})\n` +
          `SCIM base URL: ${services.scimBaseUrl} ${publicUrlOrigin(config)}\n` +
          `${step}\n` +
          'Stop with Ctrl+C (or SIGTERM): requests in flight finish first.\n',
      );
      const stop = async (signal: string) => {
        server.app.log.info({ signal }, 'shutting down: finishing in-flight requests, then closing the database');
        // A request stuck on an unreachable database must not keep a draining instance alive forever.
        setTimeout(() => {
          server.app.log.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown deadline passed; exiting');
          process.exit(1);
        }, SHUTDOWN_DEADLINE_MS).unref();
        try {
          await server.close();
          process.exit(0);
        } catch (error) {
          server.app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        }
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}

/** What to open first: a one-time setup address while no organization exists, else the sign-in page. */
export async function firstStep(services: Services): Promise<string> {
  const token = await services.setup.issue();
  if (token === undefined) return `Sign in to the console: ${services.publicUrl}/sign-in`;
  // Printed to the operator's terminal only (never logged); only its digest is stored and it works once.
  return (
    `No organization yet. Open this one-time setup address within ${SETUP_LINK_TTL_MS / 60_000} minutes to create the first organization and its owner:\n` +
    `  ${services.publicUrl}/setup?token=${token}\n` +
    'Or from the command line: npx rollcall org create --slug acme --name "Acme" --owner-email you@example.com --owner-password "<12+ characters>"'
  );
}
