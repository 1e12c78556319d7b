// The services both front doors (HTTP and CLI) call, built from one store.
import type { Store } from '../storage/store.js';
import { systemClock, type Clock } from './clock.js';
import { ActivityService } from './console/activity-service.js';
import { OrgAccess } from './console/org-access.js';
import { OrgService } from './orgs/org-service.js';
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

export interface Services {
  readonly store: Store;
  readonly clock: Clock;
  /** The origin people and identity providers use to reach this server (PUBLIC_URL). */
  readonly publicUrl: string;
  /** `{PUBLIC_URL}/scim/v2`, shown to admins and used in `meta.location`. */
  readonly scimBaseUrl: string;
  readonly orgs: OrgService;
  readonly tokens: TokenService;
  readonly users: UserService;
  readonly groups: GroupService;
  readonly bulk: BulkService;
  readonly sessions: SessionService;
  readonly setup: SetupService;
  readonly access: OrgAccess;
  readonly activity: ActivityService;
  /** Each organization's schema extensions and its per-request schema registry. */
  readonly schemas: SchemaService;
}

export function createServices(store: Store, options: { publicUrl: string; clock?: Clock }): Services {
  const clock = options.clock ?? systemClock;
  const scimBaseUrl = `${options.publicUrl}/scim/v2`;
  const cursors = new CursorCodec(store, clock);
  const registry = new SchemaRegistry(store, clock);
  const users = new UserService(store, scimBaseUrl, cursors, new ConsoleAccessSync(store), registry);
  const groups = new GroupService(store, scimBaseUrl, cursors, registry);
  const orgs = new OrgService(store, clock);
  return {
    store,
    clock,
    publicUrl: options.publicUrl,
    scimBaseUrl,
    orgs,
    tokens: new TokenService(store, clock),
    users,
    groups,
    bulk: new BulkService(users, groups, scimBaseUrl),
    sessions: new SessionService(store, clock),
    setup: new SetupService(store, orgs, clock),
    access: new OrgAccess(store),
    activity: new ActivityService(store),
    schemas: new SchemaService(store, registry, clock),
  };
}
