// The scale-out store: every instance shares one PostgreSQL through a bounded pool; nothing shared lives in memory.
import { pgActivityStore, pgConsoleDirectoryStore } from './activity-store.js';
import type { Store } from '../store.js';
import { recordChange } from './change-log.js';
import { pgChangeStore, pgSecretStore, pgSessionStore, pgSetupTokenStore, pgSignInThrottleStore } from './console-store.js';
import { pgGroupStore } from './group-store.js';
import { migratePostgres } from './migrate.js';
import { pgAccountStore, pgOrgStore } from './org-store.js';
import { createPgPool } from './pg-pool.js';
import { pgUnavailableReason } from './pg-queries.js';
import { guardUnavailable } from '../unavailable-store.js';
import { pgAuditStore, pgTokenStore } from './token-store.js';
import { pgSchemaStore } from './schema-store.js';
import { pgUserStore } from './user-store.js';
import { outboxAppender, pgEventStore, skippingAppender } from './event-store.js';
import { pgWebhookStore } from './webhook-store.js';
import { pgApiKeyStore, pgSetupLinkStore } from './api-key-store.js';
import { pgDirectoryStore } from './directory-store.js';
import { pgAttributeMappingStore } from './attribute-mapping-store.js';
import { pgRoleMappingStore } from './role-store.js';
import { pgProductOrgStore } from './product-org-store.js';
import { pgTeamLinkStore } from './team-link-store.js';
import { startStripeFolding } from './seq-bucket-stripes.js';

export interface PostgresStoreOptions {
  /** DATABASE_POOL_MAX: connections this instance may hold. */
  readonly poolMax?: number;
  /**
   * Benchmark only: writes insert no events, to measure what the outbox costs a SCIM write. Never reachable from
   * configuration: a server without its events would break the feed and webhooks' promise of every change.
   */
  readonly withoutEventsForBenchmark?: boolean;
}

export const DEFAULT_POOL_MAX = 10;
const PING_TIMEOUT_MS = 2_000;

/** Connects, applies pending migrations under the advisory lock, and returns the store. */
export async function createPostgresStore(connectionString: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const pool = createPgPool(connectionString, { max: options.poolMax ?? DEFAULT_POOL_MAX });
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  let closed = false;
  const folding = startStripeFolding(pool);
  const events = options.withoutEventsForBenchmark ? skippingAppender : outboxAppender;
  return guardUnavailable({
    engine: 'postgres',
    events: pgEventStore(pool),
    webhooks: pgWebhookStore(pool),
    sessions: pgSessionStore(pool),
    setupTokens: pgSetupTokenStore(pool),
    signInThrottle: pgSignInThrottleStore(pool),
    changes: pgChangeStore(pool),
    activity: pgActivityStore(pool),
    consoleDirectory: pgConsoleDirectoryStore(pool),
    secrets: pgSecretStore(pool),
    orgs: pgOrgStore(pool, events),
    accounts: pgAccountStore(pool),
    tokens: pgTokenStore(pool, events),
    audit: pgAuditStore(pool),
    users: pgUserStore(pool, recordChange, events),
    groups: pgGroupStore(pool, recordChange, events),
    apiKeys: pgApiKeyStore(pool),
    productOrgs: pgProductOrgStore(pool, events),
    setupLinks: pgSetupLinkStore(pool),
    teamLinks: pgTeamLinkStore(pool),
    directory: pgDirectoryStore(pool),
    poolStats() {
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: options.poolMax ?? DEFAULT_POOL_MAX };
    },
    schemas: pgSchemaStore(pool),
    roleMappings: pgRoleMappingStore(pool),
    attributeMappings: pgAttributeMappingStore(pool),
    async ping() {
      // Load balancers give health checks a few seconds; answer "not ready" before they give up on us.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
      });
      try {
        await Promise.race([pool.query('SELECT 1'), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      // Called after Fastify has finished in-flight requests, so no query is cut off; a second close is a no-op.
      if (closed) return;
      closed = true;
      await folding.stop();
      await pool.end();
    },
  }, pgUnavailableReason);
}
