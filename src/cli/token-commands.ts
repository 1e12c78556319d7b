// `rollcall token generate|status|revoke`: generate prints the token alone on stdout, status never shows it.
import type { Command } from 'commander';
import { publicUrlOrigin } from '../config.js';
import { InputError } from '../core/orgs/org-service.js';
import { DATABASE_URL_OPTION, withServices, type CliIo } from './cli-io.js';

const CLI_ACTOR = { name: 'cli', ip: null };

export function tokenCommands(program: Command, io: CliIo): void {
  const token = program.command('token').description('manage the SCIM authentication token');
  token
    .command('generate')
    .description('generate a new SCIM token (enables SCIM if needed); the previous token expires')
    .requiredOption('--org <slug>', 'organization slug')
    .option('--overlap-minutes <minutes>', 'keep the previous token working for at most this many minutes')
    .option('--until-new-token-used', 'with --overlap-minutes: retire the previous token as soon as the new one is used')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { org: string; overlapMinutes?: string; untilNewTokenUsed?: boolean; databaseUrl?: string }) => {
      if (options.untilNewTokenUsed && options.overlapMinutes === undefined) {
        throw new InputError('--until-new-token-used needs --overlap-minutes');
      }
      const overlap =
        options.overlapMinutes === undefined
          ? undefined
          : { minutes: Number(options.overlapMinutes), untilNewTokenUsed: options.untilNewTokenUsed === true };
      if (overlap && !/^\d+$/.test(options.overlapMinutes ?? '')) throw new InputError('--overlap-minutes must be a whole number');
      await withServices(io, options.databaseUrl, async (services) => {
        const org = await services.orgs.requireOrg(options.org);
        const previous = (await services.tokens.status(org.id)).current;
        const { token: secret } = await services.tokens.generate(org.id, CLI_ACTOR, overlap);
        io.stdout.write(`${secret}\n`);
        // On stderr, so `token=$(rollcall token generate …)` still captures the token alone.
        if (previous) {
          const after = (await services.tokens.status(org.id)).overlapping.find((t) => t.hint === previous.hint);
          io.stderr.write(
            after
              ? `The previous token ${previous.hint} keeps working until ${after.expiresAt}${overlap?.untilNewTokenUsed ? ' or until the new token is first used' : ''}.\n`
              : `The previous token ${previous.hint} stopped working now: put the new token in your identity provider.\n`,
          );
        }
      });
    });

  token
    .command('status')
    .description('show whether SCIM is enabled and when the token was created and last used (never the token)')
    .requiredOption('--org <slug>', 'organization slug')
    .option('--json', 'machine-readable output')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { org: string; json?: boolean; databaseUrl?: string }) => {
      await withServices(
        io,
        options.databaseUrl,
        async (services, config) => {
        const org = await services.orgs.requireOrg(options.org);
        const status = await services.tokens.status(org.id);
        const view = (t: NonNullable<typeof status.current>) => ({
          hint: t.hint,
          createdAt: t.createdAt,
          createdBy: t.createdBy,
          expiresAt: t.expiresAt,
          lastUsedAt: t.lastUsedAt,
          lastUsedBy: t.lastUsedAgent,
        });
        if (options.json) {
          const body = { enabled: status.enabled, current: status.current ? view(status.current) : null, overlapping: status.overlapping.map(view) };
          io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
          return;
        }
        const lines = [`SCIM provisioning: ${status.enabled ? 'enabled' : 'disabled'}`, `SCIM base URL: ${services.scimBaseUrl} ${publicUrlOrigin(config)}`];
        if (status.current) {
          const t = status.current;
          lines.push(`Token: ${t.hint}`, `Created: ${t.createdAt}${t.createdBy ? ` by ${t.createdBy}` : ''}`);
          lines.push(`Last used: ${t.lastUsedAt ? `${t.lastUsedAt}${t.lastUsedAgent ? ` by ${t.lastUsedAgent}` : ''}` : 'never'}`);
        } else {
          lines.push('Token: none');
        }
        for (const t of status.overlapping) lines.push(`Previous token ${t.hint} still accepted until ${t.expiresAt}`);
        io.stdout.write(`${lines.join('\n')}\n`);
        },
        { readOnly: true },
      );
    });

  token
    .command('revoke')
    .description('revoke every SCIM token and disable SCIM provisioning')
    .requiredOption('--org <slug>', 'organization slug')
    .option(...DATABASE_URL_OPTION)
    .action(async (options: { org: string; databaseUrl?: string }) => {
      await withServices(io, options.databaseUrl, async (services) => {
        const org = await services.orgs.requireOrg(options.org);
        const count = await services.tokens.revoke(org.id, CLI_ACTOR);
        io.stdout.write(`SCIM provisioning disabled for ${org.slug}; ${count} token(s) revoked\n`);
      });
    });
}
