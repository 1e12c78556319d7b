// The embedded default store: one SQLite file in WAL mode.
import { groupCommit } from './group-commit.js';
import { sqliteActivityStore, sqliteConsoleDirectoryStore } from './activity-store.js';
import type { ChangeContext, Store } from '../store.js';
import { guardUnavailable } from '../unavailable-store.js';
import { openSqlite, sqliteUnavailableReason, type SqliteDatabase } from './open-database.js';
import { sqliteChangeStore, sqliteSecretStore, sqliteSessionStore, sqliteSetupTokenStore, sqliteSignInThrottleStore } from './console-store.js';
import { sqliteGroupStore } from './group-store.js';
import { sqliteAccountStore, sqliteOrgStore } from './org-store.js';
import { sqliteAuditStore, sqliteTokenStore } from './token-store.js';
import { sqliteSchemaStore } from './schema-store.js';
import { sqliteUserStore } from './user-store.js';
import { sqliteEventAppender, sqliteEventStore, type AppendEvents } from './event-store.js';
import { sqliteWebhookStore } from './webhook-store.js';
import { sqliteApiKeyStore, sqliteSetupLinkStore } from './api-key-store.js';
import { sqliteDirectoryStore } from './directory-store.js';
import { sqliteAttributeMappingStore } from './attribute-mapping-store.js';
import { sqliteRoleMappingStore, sqliteRoleSync } from './role-store.js';
import { sqliteProductOrgStore } from './product-org-store.js';
import { sqliteTeamLinkStore } from './team-link-store.js';

export interface SqliteStoreOptions {
  /**
   * Benchmark only: writes append no events, to measure what the outbox costs a SCIM write. Never reachable from
   * configuration: a server without its events would break the feed and webhooks' promise of every change.
   */
  readonly withoutEventsForBenchmark?: boolean;
}

export function createSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  return createSqliteStoreOn(openSqlite(path), options);
}

/** The store over an opened database (tests reach the connection to make its disk "full"). */
export function createSqliteStoreOn(db: SqliteDatabase, options: SqliteStoreOptions = {}): Store {
  const insertChange = db.prepare(
    'INSERT INTO scim_changes (org_id, at, resource_type, resource_id, action, version, client, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // Every SCIM write is recorded in the same transaction as the write itself (the later events feed reads it).
  const recordChange = (orgId: string, type: string, id: string, action: string, version: number | null, change: ChangeContext) => {
    insertChange.run(orgId, change.at, type, id, action, version, change.client, action === 'create' ? 201 : action === 'delete' ? 204 : 200);
  };
  const appendEvents: AppendEvents = options.withoutEventsForBenchmark ? () => {} : sqliteEventAppender(db);
  const ping = db.prepare('SELECT 1').pluck();
  const commit = groupCommit(db);
  return guardUnavailable({
    engine: 'sqlite',
    events: sqliteEventStore(db),
    webhooks: sqliteWebhookStore(db),
    sessions: sqliteSessionStore(db),
    setupTokens: sqliteSetupTokenStore(db),
    signInThrottle: sqliteSignInThrottleStore(db),
    changes: sqliteChangeStore(db),
    activity: sqliteActivityStore(db),
    consoleDirectory: sqliteConsoleDirectoryStore(db),
    secrets: sqliteSecretStore(db),
    orgs: sqliteOrgStore(db, appendEvents),
    accounts: sqliteAccountStore(db),
    tokens: sqliteTokenStore(db, appendEvents),
    audit: sqliteAuditStore(db),
    users: sqliteUserStore(db, recordChange, appendEvents, commit),
    groups: sqliteGroupStore(db, recordChange, appendEvents, sqliteRoleSync(db, appendEvents), commit),
    apiKeys: sqliteApiKeyStore(db),
    productOrgs: sqliteProductOrgStore(db, appendEvents),
    setupLinks: sqliteSetupLinkStore(db),
    teamLinks: sqliteTeamLinkStore(db),
    directory: sqliteDirectoryStore(db),
    schemas: sqliteSchemaStore(db),
    roleMappings: sqliteRoleMappingStore(db, appendEvents),
    attributeMappings: sqliteAttributeMappingStore(db),
    async ping() {
      ping.get();
    },
    async close() {
      db.close();
    },
  }, sqliteUnavailableReason);
}
