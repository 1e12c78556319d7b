// Typed configuration, read from the environment and validated once at start.

export interface Config {
  readonly port: number;
  readonly host: string;
  /** `sqlite:<path>` or `postgres://...`; the default is the embedded SQLite file in ./data/. */
  readonly databaseUrl: string;
  /** Origin shown to admins as the SCIM base URL; defaults to the listening address. */
  readonly publicUrl: string;
  /** Where publicUrl came from, so commands that print it can say so. */
  readonly publicUrlSource: 'PUBLIC_URL' | 'default';
  readonly logLevel: string;
  /** PostgreSQL only: the most connections this instance holds (DATABASE_POOL_MAX, default 10). */
  readonly databasePoolMax: number;
  /** METRICS_TOKEN: when set, /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  readonly metricsToken: string | undefined;
  /** METRICS_ORG_LABELS=true: refused-token metrics get one series per organization. */
  readonly metricsOrgLabels: boolean;
  /** Days the provisioning activity log keeps entries (ACTIVITY_RETENTION_DAYS, default 30). */
  readonly activityRetentionDays: number;
  /** SCIM_ACTIVITY=off stops recording provisioning activity (the benchmark compares both). */
  readonly activityRecording: boolean;
  /** Days the events feed keeps events (EVENT_RETENTION_DAYS, default 30). */
  readonly eventRetentionDays: number;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS=true lets webhook endpoints point at loopback and private addresses (tests, in-cluster receivers). */
  readonly webhookAllowPrivateNetworks: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/rollcall.db';

/** "(from PUBLIC_URL)" or how to set it, printed after a base URL. */
export function publicUrlOrigin(config: Pick<Config, 'publicUrlSource'>): string {
  return config.publicUrlSource === 'PUBLIC_URL'
    ? '(from PUBLIC_URL)'
    : '(default: set PUBLIC_URL to the address your identity provider and browsers reach)';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: { databaseUrl?: string | undefined } = {}): Config {
  const port = Number(env['PORT'] ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${env['PORT']}"`);
  const host = env['HOST'] || '127.0.0.1';
  const databaseUrl = overrides.databaseUrl || env['DATABASE_URL'] || DEFAULT_DATABASE_URL;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with sqlite: or postgres://');
  }
  const publicUrl = (env['PUBLIC_URL'] || `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/+$/, '');
  try {
    const url = new URL(publicUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an http(s) origin, got "${publicUrl}"`);
  }
  const databasePoolMax = Number(env['DATABASE_POOL_MAX'] || 10);
  if (!Number.isInteger(databasePoolMax) || databasePoolMax < 1 || databasePoolMax > 1000) {
    throw new ConfigError(`DATABASE_POOL_MAX must be a whole number from 1 to 1000, got "${env['DATABASE_POOL_MAX']}"`);
  }
  const publicUrlSource = env['PUBLIC_URL'] ? 'PUBLIC_URL' : 'default';
  const metricsOrgLabels = env['METRICS_ORG_LABELS'] === 'true';
  if (env['METRICS_ORG_LABELS'] && !['true', 'false'].includes(env['METRICS_ORG_LABELS'])) {
    throw new ConfigError(`METRICS_ORG_LABELS must be true or false, got "${env['METRICS_ORG_LABELS']}"`);
  }
  const metricsToken = env['METRICS_TOKEN'] || undefined;
  const activityRetentionDays = Number(env['ACTIVITY_RETENTION_DAYS'] || 30);
  if (!Number.isInteger(activityRetentionDays) || activityRetentionDays < 1 || activityRetentionDays > 3650) {
    throw new ConfigError(`ACTIVITY_RETENTION_DAYS must be a whole number of days from 1 to 3650, got "${env['ACTIVITY_RETENTION_DAYS']}"`);
  }
  const recording = (env['SCIM_ACTIVITY'] || 'on').toLowerCase();
  if (recording !== 'on' && recording !== 'off') throw new ConfigError(`SCIM_ACTIVITY must be on or off, got "${env['SCIM_ACTIVITY']}"`);
  const eventRetentionDays = Number(env['EVENT_RETENTION_DAYS'] || 30);
  if (!Number.isInteger(eventRetentionDays) || eventRetentionDays < 1 || eventRetentionDays > 3650) {
    throw new ConfigError(`EVENT_RETENTION_DAYS must be a whole number of days from 1 to 3650, got "${env['EVENT_RETENTION_DAYS']}"`);
  }
  const allowPrivate = env['WEBHOOK_ALLOW_PRIVATE_NETWORKS'] || 'false';
  if (allowPrivate !== 'true' && allowPrivate !== 'false') {
    throw new ConfigError(`WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false, got "${allowPrivate}"`);
  }
  return {
    port,
    host,
    databaseUrl,
    publicUrl,
    publicUrlSource,
    logLevel: env['LOG_LEVEL'] || 'info',
    databasePoolMax,
    metricsToken,
    metricsOrgLabels,
    activityRetentionDays,
    activityRecording: recording === 'on',
    eventRetentionDays,
    webhookAllowPrivateNetworks: allowPrivate === 'true',
  };
}
