// The services both front doors (HTTP and CLI) call, built from one store.
import type { Store } from '../storage/store.js';
import { systemClock, type Clock } from './clock.js';
import { OrgService } from './orgs/org-service.js';
import { BulkService } from './scim/bulk-service.js';
import { CursorCodec } from './scim/cursor-codec.js';
import { GroupService } from './scim/group-service.js';
import { UserService } from './scim/user-service.js';
import { TokenService } from './tokens/token-service.js';

export interface Services {
  readonly store: Store;
  readonly clock: Clock;
  /** `{PUBLIC_URL}/scim/v2`, shown to admins and used in `meta.location`. */
  readonly scimBaseUrl: string;
  readonly orgs: OrgService;
  readonly tokens: TokenService;
  readonly users: UserService;
  readonly groups: GroupService;
  readonly bulk: BulkService;
}

export function createServices(store: Store, options: { publicUrl: string; clock?: Clock }): Services {
  const clock = options.clock ?? systemClock;
  const scimBaseUrl = `${options.publicUrl}/scim/v2`;
  const cursors = new CursorCodec(store, clock);
  const users = new UserService(store, scimBaseUrl, cursors);
  const groups = new GroupService(store, scimBaseUrl, cursors);
  return {
    store,
    clock,
    scimBaseUrl,
    orgs: new OrgService(store, clock),
    tokens: new TokenService(store, clock),
    users,
    groups,
    bulk: new BulkService(users, groups, scimBaseUrl),
  };
}
