// Contract: the events outbox: every change appends its events in its own transaction, failed writes append none,
// the feed pages in order and resumes from any id, and webhook queues deliver heads in order per endpoint+organization.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { EVENT_TYPES } from '../event-drafts.js';
import type { ProductOrg } from '../product-store.js';
import type { ClaimedDelivery, EventQuery, ScimTokenRecord, Store, StoredEvent } from '../store.js';
import { change, newOrg, T0, T1, T2, thrown, type ContractContext } from './context.js';

/**
 * Reads the whole feed for the query. On PostgreSQL an event shows once every transaction older than it has ended,
 * anywhere on the server, so this waits (briefly) until at least `atLeast` events are visible.
 */
export async function readFeed(store: Store, query: Omit<EventQuery, 'limit'>, atLeast = 0): Promise<StoredEvent[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const all: StoredEvent[] = [];
    let after = query.after;
    for (;;) {
      const page = await store.events.list({ ...query, ...(after === undefined ? {} : { after }), limit: 50 });
      if (!page) throw new Error(`unknown cursor ${after}`);
      all.push(...page);
      if (page.length < 50) break;
      after = page.at(-1)!.id;
    }
    if (all.length >= atLeast || Date.now() > deadline) return all;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const USER_TYPES = EVENT_TYPES.filter((t) => t.startsWith('user.'));
const SCIM_TYPES = EVENT_TYPES.filter((t) => t.startsWith('user.') || t.startsWith('group.'));
const CONNECTION_TYPES = EVENT_TYPES.filter((t) => t.startsWith('connection.'));

async function newProductOrg(store: Store, externalId: string): Promise<ProductOrg> {
  const slug = `org-${randomUUID().slice(0, 8)}`;
  const org: ProductOrg = { id: randomUUID(), slug, name: slug.toUpperCase(), scimEnabled: false, createdAt: T0, externalId };
  await store.productOrgs.create(org);
  return org;
}

const scimToken = (orgId: string, at: string): ScimTokenRecord => {
  const id = randomUUID();
  return {
    id, orgId, digest: id.padEnd(64, '0'), hint: `rcs_…${id.slice(0, 4)}`, createdAt: at, createdBy: 'cli', expiresAt: null,
    retireWhenSuccessorUsed: false, revokedAt: null, lastUsedAt: null, lastUsedAgent: null, lastUsedIp: null,
  };
};

const resourceOf = (event: StoredEvent) => {
  const data = event.data as { id?: string; version?: number; group?: { id: string; version: number } };
  return data.group ? { id: data.group.id, version: data.group.version } : { id: data.id, version: data.version };
};

export function eventsContract(ctx: ContractContext): void {
  it('appends user events in the write transaction, with the resource after the change and the attributes that changed', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const id = randomUUID();
    await store.users.create(org.id, { id, doc: { userName: 'ada@example.com', active: true } }, change(T0));
    await store.users.replace(org.id, id, { userName: 'ada@example.com', active: true, title: 'CTO' }, 1, change(T1));
    await store.users.replace(org.id, id, { userName: 'ada@example.com', active: false, title: 'CTO' }, undefined, change(T1));
    await store.users.replace(org.id, id, { userName: 'ada@example.com', active: true, title: 'CTO' }, undefined, change(T1));
    await store.users.delete(org.id, id, undefined, change(T2));
    const events = await readFeed(store, { orgId: org.id, types: USER_TYPES }, 5);
    expect(events.map((e) => e.type)).toEqual(['user.created', 'user.updated', 'user.deactivated', 'user.reactivated', 'user.deleted']);
    expect(events.map((e) => e.changed)).toEqual([['active', 'userName'], ['title'], ['active'], ['active'], []]);
    expect(events[0]).toMatchObject({ orgId: org.id, occurredAt: T0, data: { id, user_name: 'ada@example.com', version: 1, created_at: T0, updated_at: T0 } });
    expect(events[2]!.data).toMatchObject({ active: false, version: 3, updated_at: T1 });
    // A deletion carries the resource as it last was.
    expect(events[4]!.data).toMatchObject({ id, version: 4, active: true, scim: { title: 'CTO' } });
    expect(new Set(events.map((e) => e.id)).size).toBe(5);
    expect(events.every((e) => /^evt_[0-9a-f]{32}$/.test(e.id))).toBe(true);
  });

  it('appends one membership event per member, carrying the user and the group without its member list', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const ada = await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'ada@example.com' } }, change());
    const bob = await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'bob@example.com' } }, change());
    const cy = await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'cy@example.com' } }, change());
    const group = await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: 'Eng' }, members: [{ id: ada.id, type: 'User' }] }, change());
    await store.groups.modifyMembers(org.id, group.id, { add: [{ id: bob.id }, { id: ada.id }], remove: [] }, undefined, 1, change(T1));
    await store.groups.modifyMembers(org.id, group.id, { replaceAll: [{ id: bob.id }, { id: cy.id }], add: [], remove: [] }, { displayName: 'Engineering' }, undefined, change(T1));
    await store.groups.modifyMembers(org.id, group.id, { add: [], remove: [cy.id] }, undefined, undefined, change(T1));
    await store.groups.modifyMembers(org.id, group.id, { add: [{ id: bob.id }], remove: [] }, undefined, undefined, change(T1));
    await store.users.delete(org.id, bob.id, undefined, change(T2));
    await store.groups.delete(org.id, group.id, undefined, change(T2));
    const events = (await readFeed(store, { orgId: org.id, types: SCIM_TYPES }, 14)).slice(3);
    const summary = events.map((e) => {
      const d = e.data as { user?: { user_name: string }; group?: { version: number } };
      return `${e.type}${d.user ? ` ${d.user.user_name}` : ''}${d.group ? ` v${d.group.version}` : ''}`;
    });
    expect(summary).toEqual([
      'group.created',
      'group.member_added ada@example.com v1',
      'group.member_added bob@example.com v2',
      'group.updated',
      'group.member_removed ada@example.com v3',
      'group.member_added cy@example.com v3',
      'group.member_removed cy@example.com v4',
      // Adding a member already present changes nothing but the version: the group's own event records it.
      'group.updated',
      'group.member_removed bob@example.com v5',
      'user.deleted',
      'group.deleted',
    ]);
    expect(events[3]!.changed).toEqual(['displayName']);
    for (const e of events) expect(JSON.stringify(e.data)).not.toContain('"members"');
  });

  it('appends connection events with token generation and revocation', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const token = (id: string, at: string) => ({
      id, orgId: org.id, digest: id.padEnd(64, '0'), hint: `rcs_…${id.slice(0, 4)}`, createdAt: at, createdBy: 'cli', expiresAt: null,
      retireWhenSuccessorUsed: false, revokedAt: null, lastUsedAt: null, lastUsedAgent: null, lastUsedIp: null,
    });
    await store.tokens.rotate(token(randomUUID(), T0), { kind: 'expire-now' });
    await store.tokens.rotate(token(randomUUID(), T1), { kind: 'expire-now' });
    await store.tokens.revokeAll(org.id, T2);
    const events = await readFeed(store, { orgId: org.id, types: CONNECTION_TYPES }, 3);
    expect(events.map((e) => e.type)).toEqual(['connection.enabled', 'connection.token_generated', 'connection.disabled']);
    expect(JSON.stringify(events)).not.toContain('0000000000');
  });

  it('appends connection events on every path: first token enables, overlapping rotation generates, disabling twice appends once', async () => {
    const store = ctx.store();
    const org = await newProductOrg(store, `cust-${randomUUID()}`);
    await store.tokens.revokeAll(org.id, T0);
    await store.tokens.rotate(scimToken(org.id, T0), { kind: 'expire-now' });
    await store.tokens.rotate(scimToken(org.id, T1), { kind: 'overlap', until: T2, untilSuccessorUsed: true });
    await store.tokens.revokeAll(org.id, T1);
    await store.tokens.revokeAll(org.id, T2);
    await store.tokens.rotate(scimToken(org.id, T2), { kind: 'expire-now' });
    const events = await readFeed(store, { orgId: org.id, types: CONNECTION_TYPES }, 4);
    expect(events.map((e) => e.type)).toEqual(['connection.enabled', 'connection.token_generated', 'connection.disabled', 'connection.enabled']);
    expect(events.map((e) => (e.data as { scim_enabled: boolean }).scim_enabled)).toEqual([true, true, false, true]);
    expect(events.every((e) => e.orgExternalId === org.externalId)).toBe(true);
  });

  it('appends organization.created for orgs made by the console, the CLI and setup, with no external id', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const [created] = await readFeed(store, { orgId: org.id }, 1);
    expect(created).toMatchObject({ type: 'organization.created', orgId: org.id, orgExternalId: null, occurredAt: T0, changed: ['name', 'slug'] });
    expect(created!.data).toEqual({ object: 'organization', id: org.id, name: org.name, slug: org.slug, external_id: null, scim_enabled: false, created_at: T0 });
  });

  it('appends organization events through the product API, and every event carries the external id the org had then', async () => {
    const store = ctx.store();
    const first = `cust-${randomUUID()}`;
    const second = `cust-${randomUUID()}`;
    const org = await newProductOrg(store, first);
    const user = () => store.users.create(org.id, { id: randomUUID(), doc: { userName: `${randomUUID()}@example.com` } }, change(T1));
    await user();
    expect(await store.productOrgs.update(org.id, { name: org.name }, T1)).toMatchObject({ name: org.name });
    await store.productOrgs.update(org.id, { externalId: second }, T1);
    await user();
    await expect(store.productOrgs.update(org.id, { externalId: (await newProductOrg(store, `cust-${randomUUID()}`)).externalId }, T1)).rejects.toThrow();
    await store.productOrgs.update(org.id, { name: 'Renamed', externalId: null }, T2);
    await user();
    await store.productOrgs.update(org.id, { externalId: second }, T2);
    await store.productOrgs.delete(org.id, T2);
    const events = await readFeed(store, { orgId: org.id }, 8);
    expect(events.map((e) => `${e.type} ${e.orgExternalId} ${e.changed.join(',')}`)).toEqual([
      `organization.created ${first} external_id,name,slug`,
      `user.created ${first} userName`,
      `organization.updated ${second} external_id`,
      `user.created ${second} userName`,
      'organization.updated null external_id,name',
      'user.created null userName',
      `organization.updated ${second} external_id`,
      // A deletion carries the org as it last was, and stays in the feed after the org is gone.
      `organization.deleted ${second} `,
    ]);
    expect(events[0]!.data).toEqual({ object: 'organization', id: org.id, name: org.name, slug: org.slug, external_id: first, scim_enabled: false, created_at: T0 });
    expect(events[4]!.data).toMatchObject({ name: 'Renamed', external_id: null });
    expect(events[7]).toMatchObject({ occurredAt: T2, data: { id: org.id, name: 'Renamed', slug: org.slug, external_id: second } });
    expect(await store.productOrgs.byId(org.id)).toBeUndefined();
  });

  it('has no change without its event and no event without its change; failed writes append nothing', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const ada = await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'ada@example.com' } }, change());
    await thrown(() => store.users.create(org.id, { id: randomUUID(), doc: { userName: 'ADA@example.com' } }, change()));
    await thrown(() => store.users.replace(org.id, ada.id, { userName: 'ada@example.com', title: 'x' }, 7, change()));
    const group = await store.groups.create(org.id, { id: randomUUID(), doc: { displayName: 'Eng' }, members: [] }, change());
    await thrown(() => store.groups.modifyMembers(org.id, group.id, { add: [{ id: ada.id }, { id: randomUUID() }], remove: [] }, undefined, undefined, change()));
    await store.groups.modifyMembers(org.id, group.id, { add: [{ id: ada.id }], remove: [] }, undefined, undefined, change());
    await store.users.replace(org.id, ada.id, { userName: 'ada@example.com', active: false }, undefined, change());
    await thrown(() => store.groups.delete(org.id, group.id, 1, change()));
    await store.groups.delete(org.id, group.id, undefined, change());
    const changes = await store.changes.list(org.id, 100);
    const events = await readFeed(store, { orgId: org.id, types: SCIM_TYPES }, 5);
    expect(changes).toHaveLength(5);
    for (const c of changes) {
      const matching = events.filter((e) => resourceOf(e).id === c.resourceId && (c.version === null ? e.type.endsWith('.deleted') : resourceOf(e).version === c.version));
      expect(matching.length, `${c.action} ${c.resourceType} v${c.version}`).toBeGreaterThan(0);
    }
    for (const e of events) {
      const r = resourceOf(e);
      expect(changes.some((c) => c.resourceId === r.id && (c.version === r.version || (c.version === null && e.type.endsWith('.deleted')))), e.type).toBe(true);
    }
  });

  it('pages the feed in order, resumes from any id, filters by organization and type, and refuses an unknown cursor', async () => {
    const store = ctx.store();
    const a = await newOrg(store);
    const b = await newOrg(store);
    for (let i = 0; i < 7; i += 1) {
      await store.users.create(i % 2 === 0 ? a.id : b.id, { id: randomUUID(), doc: { userName: `u${i}@example.com` } }, change());
    }
    const all = await readFeed(store, { types: ['user.created'] }, 7);
    const mine = all.filter((e) => e.orgId === a.id || e.orgId === b.id);
    expect(mine.map((e) => (e.data as { user_name: string }).user_name)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `u${i}@example.com`));
    for (let i = 0; i < mine.length; i += 1) {
      const rest = (await readFeed(store, { after: mine[i]!.id, types: ['user.created'] })).filter((e) => e.orgId === a.id || e.orgId === b.id);
      expect(rest.map((e) => e.id)).toEqual(mine.slice(i + 1).map((e) => e.id));
    }
    const page = await store.events.list({ orgId: a.id, types: ['user.created'], limit: 2 });
    expect(page!.map((e) => e.id)).toEqual(mine.filter((e) => e.orgId === a.id).slice(0, 2).map((e) => e.id));
    expect((await readFeed(store, { orgId: b.id, types: ['user.deleted'] })).length).toBe(0);
    expect((await readFeed(store, { orgId: b.id, types: ['user.created', 'user.deleted'] })).length).toBe(3);
    expect(await store.events.list({ after: 'evt_unknown', limit: 10 })).toBeUndefined();
  });

  it('prunes events that occurred before the retention limit', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'old@example.com' } }, change(T0));
    await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'new@example.com' } }, change(T2));
    await readFeed(store, { orgId: org.id, types: USER_TYPES }, 2);
    expect(await store.events.prune(T1)).toBeGreaterThanOrEqual(1);
    expect((await readFeed(store, { orgId: org.id, types: USER_TYPES })).map((e) => (e.data as { user_name: string }).user_name)).toEqual(['new@example.com']);
  });

  it('prunes by walking seq order: below the first event inside the retention, never one inside it, and seq keeps rising', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const create = (at: string, name: string) => store.users.create(org.id, { id: randomUUID(), doc: { userName: `${name}@example.com` } }, change(at));
    const names = async () => (await readFeed(store, { orgId: org.id, types: USER_TYPES })).map((e) => (e.data as { user_name: string }).user_name);
    await create(T0, 'old');
    await create(T2, 'inside');
    // Appended later with an older time (a clock step back): kept, as it sits above the first event inside the retention.
    await create(T0, 'late');
    await readFeed(store, { orgId: org.id, types: USER_TYPES }, 3);
    expect(await store.events.prune(T1)).toBeGreaterThanOrEqual(1);
    expect(await names()).toEqual(['inside@example.com', 'late@example.com']);
    // Nothing inside the retention: everything goes, and seq still does not restart (AUTOINCREMENT, bigserial).
    await store.events.prune('2999-01-01T00:00:00.000Z');
    expect(await readFeed(store, {})).toEqual([]);
    const endpoint = { id: `we_${randomUUID()}`, url: 'https://hooks.example.com/x', types: null, orgId: null, enabled: true, secret: 's', previousSecret: null, previousSecretUntil: null, createdAt: T0, updatedAt: T0 };
    await store.webhooks.createEndpoint(endpoint);
    await create(T2, 'after');
    await readFeed(store, { orgId: org.id, types: USER_TYPES }, 1);
    // The endpoint's cursor stands at the highest seq when it was created: the next event must land above it.
    let queued = 0;
    for (let i = 0; i < 50 && queued === 0; i += 1) {
      queued = await store.webhooks.enqueue(T2, 100);
      if (queued === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(queued).toBeGreaterThanOrEqual(1);
  });

  it('queues events that occur after an endpoint was created and leases only the head of each endpoint+organization queue', async () => {
    const store = ctx.store();
    const a = await newOrg(store);
    const b = await newOrg(store);
    await store.users.create(a.id, { id: randomUUID(), doc: { userName: 'before@example.com' } }, change());
    await readFeed(store, { orgId: a.id, types: USER_TYPES }, 1);
    // User events only: on PostgreSQL an organization.created not yet visible when the endpoint was made lands in its queue.
    const endpoint = { id: `we_${randomUUID()}`, url: 'https://hooks.example.com/x', types: USER_TYPES, orgId: null, enabled: true, secret: 's', previousSecret: null, previousSecretUntil: null, createdAt: T0, updatedAt: T0 };
    await store.webhooks.createEndpoint(endpoint);
    await store.webhooks.createEndpoint({ ...endpoint, id: `we_${randomUUID()}`, types: ['user.deleted'] });
    for (const org of [a, a, b]) await store.users.create(org.id, { id: randomUUID(), doc: { userName: `${randomUUID()}@example.com` } }, change());
    await readFeed(store, { orgId: b.id, types: USER_TYPES }, 1);
    let queued = 0;
    for (let i = 0; i < 50 && queued < 3; i += 1) queued += await store.webhooks.enqueue(T1, 100);
    expect(queued).toBe(3);
    const claimed = await store.webhooks.claim('worker-1', T1, T2, 10);
    expect(claimed.map((c) => c.orgId).sort()).toEqual([a.id, b.id].sort());
    expect(claimed.every((c) => c.endpoint.id === endpoint.id && c.event !== undefined)).toBe(true);
    // Leased heads are not claimed again, and the second event of org A waits behind its head.
    expect(await store.webhooks.claim('worker-2', T1, T2, 10)).toEqual([]);
    const headA = claimed.find((c) => c.orgId === a.id)!;
    expect(await store.webhooks.finish(headA.id, 'worker-2', { at: T1, status: 200, durationMs: 1, responseExcerpt: 'ok', error: null }, { status: 'delivered', nextAttemptAt: T1 })).toBe(false);
    expect(await store.webhooks.finish(headA.id, 'worker-1', { at: T1, status: 500, durationMs: 3, responseExcerpt: 'boom', error: null }, { status: 'pending', nextAttemptAt: T2 })).toBe(true);
    expect(await store.webhooks.claim('worker-2', T1, T2, 10)).toEqual([]);
    const retried = await store.webhooks.claim('worker-2', T2, '2026-01-02T05:00:00.000Z', 10);
    expect(retried.map((c) => c.id)).toEqual([headA.id]);
    await store.webhooks.finish(headA.id, 'worker-2', { at: T2, status: 204, durationMs: 2, responseExcerpt: '', error: null }, { status: 'delivered', nextAttemptAt: T2 });
    const next = await store.webhooks.claim('worker-2', T2, '2026-01-02T05:00:00.000Z', 10);
    expect(next.map((c) => c.orgId)).toEqual([a.id]);
    expect(next[0]!.event!.id).not.toBe(headA.event!.id);
    const log = await store.webhooks.delivery(endpoint.id, headA.id);
    expect(log).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(log!.attemptLog.map((x) => [x.status, x.responseExcerpt])).toEqual([[500, 'boom'], [204, '']]);
    const again = await store.webhooks.redeliver(endpoint.id, headA.id, `whd_${randomUUID()}`, T2);
    expect(again).toMatchObject({ status: 'pending', eventId: headA.eventId, attempts: 0 });
    // Deliveries list newest first, page on with `before`, and narrow to one organization.
    const all = await store.webhooks.deliveries(endpoint.id, 10);
    expect(all.map((d) => d.id)[0]).toBe(again!.id);
    expect(all).toHaveLength(4);
    expect((await store.webhooks.deliveries(endpoint.id, 10, { before: all[1]!.id })).map((d) => d.id)).toEqual(all.slice(2).map((d) => d.id));
    expect((await store.webhooks.deliveries(endpoint.id, 10, { orgId: b.id })).map((d) => d.orgId)).toEqual([b.id]);
    expect(await store.webhooks.deliveries(endpoint.id, 10, { before: 'whd_unknown' })).toEqual([]);
  });

  it('reports the pending backlog and its oldest delivery, and holds a disabled endpoint\'s queue until it is enabled again', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const endpoint = { id: `we_${randomUUID()}`, url: 'https://hooks.example.com/y', types: USER_TYPES, orgId: org.id, enabled: true, secret: 's', previousSecret: null, previousSecretUntil: null, createdAt: T0, updatedAt: T0 };
    await store.webhooks.createEndpoint(endpoint);
    for (let i = 0; i < 3; i += 1) await store.users.create(org.id, { id: randomUUID(), doc: { userName: `b${i}@example.com` } }, change());
    await readFeed(store, { orgId: org.id }, 3);
    // Other tests' endpoints share this store: fill every queue, then compare.
    for (let i = 0; i < 50 && (await store.webhooks.deliveries(endpoint.id, 10)).length < 3; i += 1) await store.webhooks.enqueue(T1, 100);
    while ((await store.webhooks.enqueue(T1, 100)) > 0);
    const before = await store.webhooks.backlog();
    expect(before.pending).toBeGreaterThanOrEqual(3);
    expect(before.oldestCreatedAt! <= T1).toBe(true);
    await store.webhooks.updateEndpoint(endpoint.id, { enabled: false, updatedAt: T1 });
    expect((await store.webhooks.claim('worker-1', T2, '2026-01-02T05:00:00.000Z', 100)).filter((c) => c.endpoint.id === endpoint.id)).toEqual([]);
    await store.webhooks.updateEndpoint(endpoint.id, { enabled: true, updatedAt: T2 });
    const claimed = (await store.webhooks.claim('worker-1', T2, '2026-01-02T05:00:00.000Z', 100)).filter((c) => c.endpoint.id === endpoint.id);
    expect(claimed.map((c) => (c.event!.data as { user_name: string }).user_name)).toEqual(['b0@example.com']);
    await store.webhooks.finish(claimed[0]!.id, 'worker-1', { at: T2, status: 200, durationMs: 1, responseExcerpt: '', error: null }, { status: 'delivered', nextAttemptAt: T2 });
    expect(before.pending - (await store.webhooks.backlog()).pending).toBe(1);
  });

  it('leases the head of every queue at once, however many deliveries wait behind each', async () => {
    const store = ctx.store();
    const orgs = [await newOrg(store), await newOrg(store)];
    const endpoint = (suffix: string) => ({ id: `we_${suffix}_${randomUUID()}`, url: 'https://hooks.example.com/z', types: USER_TYPES, orgId: null, enabled: true, secret: 's', previousSecret: null, previousSecretUntil: null, createdAt: T0, updatedAt: T0 });
    const endpoints = [endpoint('a'), endpoint('b')];
    for (const e of endpoints) await store.webhooks.createEndpoint(e);
    for (let i = 0; i < 4; i += 1) for (const org of orgs) await store.users.create(org.id, { id: randomUUID(), doc: { userName: `q${i}@example.com` } }, change());
    await readFeed(store, { orgId: orgs[1]!.id }, 4);
    for (let i = 0; i < 50 && (await store.webhooks.deliveries(endpoints[1]!.id, 100)).length < 8; i += 1) await store.webhooks.enqueue(T1, 100);
    const ours = (await store.webhooks.claim('worker-h', T2, '2026-01-02T05:00:00.000Z', 1000)).filter((c) => endpoints.some((e) => e.id === c.endpoint.id));
    expect(ours).toHaveLength(4);
    for (const e of endpoints) {
      for (const org of orgs) {
        const head = ours.filter((c) => c.endpoint.id === e.id && c.orgId === org.id);
        expect(head.map((c) => (c.event!.data as { user_name: string }).user_name)).toEqual(['q0@example.com']);
      }
    }
  });

  it('leases a run of each queue in order, records a run in one call, and releases the rest of a run', async () => {
    const store = ctx.store();
    const org = await newOrg(store);
    const endpoint = { id: `we_run_${randomUUID()}`, url: 'https://hooks.example.com/r', types: USER_TYPES, orgId: org.id, enabled: true, secret: 's', previousSecret: null, previousSecretUntil: null, createdAt: T0, updatedAt: T0 };
    await store.webhooks.createEndpoint(endpoint);
    for (let i = 0; i < 5; i += 1) await store.users.create(org.id, { id: randomUUID(), doc: { userName: `r${i}@example.com` } }, change());
    await readFeed(store, { orgId: org.id, types: USER_TYPES }, 5);
    for (let i = 0; i < 50 && (await store.webhooks.deliveries(endpoint.id, 10)).length < 5; i += 1) await store.webhooks.enqueue(T1, 100);
    const later = '2026-01-02T05:00:00.000Z';
    const names = (claimed: readonly ClaimedDelivery[]) => claimed.filter((c) => c.endpoint.id === endpoint.id).map((c) => (c.event!.data as { user_name: string }).user_name);
    const run = (await store.webhooks.claim('worker-r', T2, later, 100, 3)).filter((c) => c.endpoint.id === endpoint.id);
    expect(names(run)).toEqual(['r0@example.com', 'r1@example.com', 'r2@example.com']);
    // The run holds the queue: nobody else gets its head or its followers.
    expect(names(await store.webhooks.claim('worker-s', T2, later, 100, 3))).toEqual([]);
    const ok = (at: string) => ({ at, status: 204, durationMs: 1, responseExcerpt: '', error: null });
    // r0 delivered, r1 failed and retried later, r2 released untried: the queue waits behind r1.
    const recorded = await store.webhooks.finishMany('worker-r', [
      { deliveryId: run[0]!.id, attempt: ok(T2), next: { status: 'delivered', nextAttemptAt: T2 } },
      { deliveryId: run[1]!.id, attempt: { ...ok(T2), status: 503 }, next: { status: 'pending', nextAttemptAt: '2026-01-02T04:30:00.000Z' } },
      { deliveryId: 'whd_not_leased', attempt: ok(T2), next: { status: 'delivered', nextAttemptAt: T2 } },
    ]);
    expect(recorded).toBe(2);
    await store.webhooks.release('worker-r', [run[2]!.id]);
    expect(names(await store.webhooks.claim('worker-s', T2, later, 100, 3))).toEqual([]);
    const retry = await store.webhooks.claim('worker-s', '2026-01-02T04:30:00.000Z', later, 100, 10);
    expect(names(retry)).toEqual(['r1@example.com', 'r2@example.com', 'r3@example.com', 'r4@example.com']);
    expect(await store.webhooks.delivery(endpoint.id, run[1]!.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await store.webhooks.delivery(endpoint.id, run[0]!.id)).toMatchObject({ status: 'delivered', attempts: 1, attemptLog: [expect.objectContaining({ status: 204 })] });
    expect(await store.webhooks.delivery(endpoint.id, run[2]!.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });
}
