// The services both front doors (HTTP and CLI) call, built from one store.
import type { Store } from '../storage/store.js';
import { AuditFeed } from './audit-feed.js';
import { systemClock, type Clock } from './clock.js';
import { ActivityRecorder } from './activity/activity-recorder.js';
import { ActivityService } from './console/activity-service.js';
import { ConsoleDirectoryService } from './console/directory-service.js';
import { OrgAccess } from './console/org-access.js';
import { OrgService } from './orgs/org-service.js';
import { TeamLinkService } from './orgs/team-link-service.js';
import { TeamService } from './orgs/team-service.js';
import { BulkService } from './scim/bulk-service.js';
import { ConsoleAccessSync } from './scim/console-access-sync.js';
import { CursorCodec } from './scim/cursor-codec.js';
import { GroupService } from './scim/group-service.js';
import { UserService } from './scim/user-service.js';
import { SchemaRegistry } from './schemas/schema-registry.js';
import { SchemaService } from './schemas/schema-service.js';
import { SessionService } from './sessions/session-service.js';
import { SetupService } from './sessions/setup-service.js';
import { TokenService } from './tokens/token-service.js';
import { ApiKeyService } from './api-keys/api-key-service.js';
import { ProductOrgService } from './orgs/product-org-service.js';
import { SetupLinkService } from './setup-links/setup-link-service.js';
import { DirectoryService } from './directory/directory-service.js';
import { EventFeedService } from './events/event-feed-service.js';
import { WebhookEndpointService } from './events/webhook-endpoint-service.js';
import { RoleMappingService } from './roles/role-mapping-service.js';
import { ConsoleRoleSync } from './roles/console-role-sync.js';
import { AttributeMappingService } from './directory/attribute-mapping-service.js';

export interface Services {
  readonly store: Store;
  readonly clock: Clock;
  /** The origin people and identity providers use to reach this server (PUBLIC_URL). */
  readonly publicUrl: string;
  /** `{PUBLIC_URL}/scim/v2`, shown to admins and used in `meta.location`. */
  readonly scimBaseUrl: string;
  readonly orgs: OrgService;
  readonly team: TeamService;
  /** One-time invitations and password-reset links for an organization's team. */
  readonly teamLinks: TeamLinkService;
  /** Announces audit events as they are written (the server logs them). */
  readonly auditFeed: AuditFeed;
  readonly tokens: TokenService;
  readonly users: UserService;
  readonly groups: GroupService;
  readonly bulk: BulkService;
  readonly sessions: SessionService;
  readonly setup: SetupService;
  readonly access: OrgAccess;
  readonly activity: ActivityService;
  /** The product team's API (design.md section 8). */
  readonly apiKeys: ApiKeyService;
  readonly productOrgs: ProductOrgService;
  readonly setupLinks: SetupLinkService;
  readonly directory: DirectoryService;
  /** Turns SCIM requests into provisioning activity entries and per-hour counts, in batches. */
  readonly recorder: ActivityRecorder;
  /** The console's People and Groups pages. */
  readonly consoleDirectory: ConsoleDirectoryService;
  /** Each organization's schema extensions and its per-request schema registry. */
  readonly schemas: SchemaService;
  /** The events feed of /api/v1/events (design.md section 9). */
  readonly eventFeed: EventFeedService;
  /** Webhook endpoints, their secrets and their deliveries. */
  readonly webhookEndpoints: WebhookEndpointService;
  /** Group-to-role mapping: the role each provisioned user resolves to. */
  readonly roles: RoleMappingService;
  /** Which SCIM attributes feed the normalised user of the directory API. */
  readonly attributeMappings: AttributeMappingService;
}

export interface ServiceOptions {
  readonly publicUrl: string;
  readonly clock?: Clock;
  /** SCIM_ACTIVITY=off stops recording (the benchmark's comparison run); ACTIVITY_RETENTION_DAYS (default 30). */
  readonly activity?: {
    readonly enabled?: boolean;
    readonly retentionDays?: number;
    readonly onError?: (error: unknown) => void;
    /** Entries one activity search request scans at most (tests make it small). */
    readonly searchWindow?: number;
  };
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: webhook receivers may be on loopback and private networks (default false). */
  readonly webhookAllowPrivateNetworks?: boolean;
}

export const DEFAULT_ACTIVITY_RETENTION_DAYS = 30;

export function createServices(plainStore: Store, options: ServiceOptions): Services {
  const auditFeed = new AuditFeed();
  const store = auditFeed.wrap(plainStore);
  const clock = options.clock ?? systemClock;
  const scimBaseUrl = `${options.publicUrl}/scim/v2`;
  const cursors = new CursorCodec(store, clock);
  const registry = new SchemaRegistry(store, clock);
  const consoleRoles = new ConsoleRoleSync(store, clock);
  const users = new UserService(store, scimBaseUrl, cursors, new ConsoleAccessSync(store, consoleRoles), registry);
  const groups = new GroupService(store, scimBaseUrl, cursors, registry, consoleRoles);
  const orgs = new OrgService(store, clock);
  const schemas = new SchemaService(store, registry, clock);
  const recorder = new ActivityRecorder(store, clock, {
    enabled: options.activity?.enabled ?? true,
    retentionDays: options.activity?.retentionDays ?? DEFAULT_ACTIVITY_RETENTION_DAYS,
    ...(options.activity?.onError ? { onError: options.activity.onError } : {}),
  });
  return {
    store,
    clock,
    publicUrl: options.publicUrl,
    scimBaseUrl,
    orgs,
    team: new TeamService(store, orgs, clock),
    teamLinks: new TeamLinkService(store, orgs, clock, options.publicUrl),
    auditFeed,
    tokens: new TokenService(store, clock),
    users,
    groups,
    bulk: new BulkService(users, groups, scimBaseUrl),
    sessions: new SessionService(store, clock),
    setup: new SetupService(store, orgs, clock),
    access: new OrgAccess(store),
    activity: new ActivityService(store, clock, recorder, options.activity?.searchWindow),
    recorder,
    apiKeys: new ApiKeyService(store, clock),
    productOrgs: new ProductOrgService(store, clock),
    setupLinks: new SetupLinkService(store, clock, options.publicUrl),
    directory: new DirectoryService(store, scimBaseUrl),
    consoleDirectory: new ConsoleDirectoryService(store),
    eventFeed: new EventFeedService(store),
    webhookEndpoints: new WebhookEndpointService(store, clock, options.webhookAllowPrivateNetworks ?? false),
    schemas,
    roles: new RoleMappingService(store, clock, consoleRoles),
    attributeMappings: new AttributeMappingService(store, schemas, clock),
  };
}
