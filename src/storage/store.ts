// The one storage interface Rollcall's services use; SQLite and PostgreSQL implement it and pass one contract suite.
// Every SCIM method takes the organization id explicitly: tenant scoping is never implicit.
import type { ApiKeyStore, DirectoryStore, ProductOrgStore, SetupLinkStore } from './product-store.js';
import type { TeamLinkStore } from './team-link-store.js';
import type { AttributeMappingStore, RoleMappingStore } from './mapping-store.js';
import type { AccountStore, OrgStore } from './store/orgs-and-accounts.js';
import type { SecretStore, TokenStore } from './store/tokens.js';
import type { AuditStore } from './store/audit.js';
import type { GroupStore, UserStore } from './store/scim-resources.js';
import type { SessionStore, SetupTokenStore, SignInThrottleStore } from './store/sessions.js';
import type { EventStore } from './store/events.js';
import type { WebhookStore } from './store/webhooks.js';
import type { ActivityStore, ChangeStore } from './store/activity.js';
import type { ConsoleDirectoryStore } from './store/directory.js';
import type { SchemaStore } from './store/schemas.js';

export * from './store/orgs-and-accounts.js';
export * from './store/tokens.js';
export * from './store/audit.js';
export * from './store/scim-resources.js';
export * from './store/sessions.js';
export * from './store/events.js';
export * from './store/webhooks.js';
export * from './store/activity.js';
export * from './store/directory.js';
export * from './store/schemas.js';

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  readonly events: EventStore;
  readonly webhooks: WebhookStore;
  readonly sessions: SessionStore;
  readonly setupTokens: SetupTokenStore;
  readonly signInThrottle: SignInThrottleStore;
  readonly changes: ChangeStore;
  readonly activity: ActivityStore;
  readonly consoleDirectory: ConsoleDirectoryStore;
  readonly secrets: SecretStore;
  readonly orgs: OrgStore;
  readonly accounts: AccountStore;
  /** PostgreSQL only: the pool's connections by state, for /metrics. */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  readonly tokens: TokenStore;
  readonly audit: AuditStore;
  readonly users: UserStore;
  readonly groups: GroupStore;
  /** The product team's API (design.md section 8): src/storage/product-store.ts. */
  readonly apiKeys: ApiKeyStore;
  readonly productOrgs: ProductOrgStore;
  readonly setupLinks: SetupLinkStore;
  /** Invitations and password-reset links of organizations' teams: src/storage/team-link-store.ts. */
  readonly teamLinks: TeamLinkStore;
  readonly directory: DirectoryStore;
  readonly schemas: SchemaStore;
  /** Group-to-role and attribute mappings: src/storage/mapping-store.ts. */
  readonly roleMappings: RoleMappingStore;
  readonly attributeMappings: AttributeMappingStore;
  /** Throws when the database cannot answer (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
