// Calls on one organization's users that arrive while one of their kind is in flight go together in the next
// statement or transaction (keyed-batches.ts), as hot-group member PATCHes do; a lone call goes at once. Each call
// is answered after its batch's commit with what it would get alone; when PostgreSQL refuses a batch's statement,
// nothing of the batch was written and each call runs again alone. Measurements: docs/decisions/postgres-write-round-trips.md.
import pg from 'pg';
import type { JsonObject } from '../../scim/messages/resource.js';
import { postgresDialect } from '../sql/dialect.js';
import { userLookup, type UserLookup } from '../sql/user-lookup.js';
import { userNameTakenError, versionMismatchError } from '../store-errors.js';
import type { ChangeContext, DocUpdate, GroupRef, ListedUser, ListQuery, ListResult, NewUser, StoredResource, UserJson, UserStore, UserWriteResult } from '../store.js';
import { keyedBatches } from './keyed-batches.js';
import { namedStatement } from './pg-queries.js';
import { inPipelinedTransaction } from './pipelined-transaction.js';
import { RESOURCE_COLUMNS, toResource, type PgResourceRow } from './resource-row.js';
import { jsonbAsText } from './pg-pool.js';
import { createdUser, toListedUser, toUserJson, toUserJsonWithGroups, toUserWithGroups, toWritten, type CreatedRow, type GroupPairs, type PgResourceTextRow, type WrittenRow } from './user-rows.js';

export interface CreateCall {
  readonly orgId: string;
  readonly user: NewUser;
  /** The instant and client of the call's own request. */
  readonly change: ChangeContext;
}

export interface ReplaceCall {
  readonly orgId: string;
  readonly id: string;
  readonly update: JsonObject | DocUpdate;
  readonly expectedVersion: number | undefined;
  readonly change: ChangeContext;
}

export interface GetCall {
  readonly orgId: string;
  readonly id: string;
}

interface LookupCall {
  readonly orgId: string;
  readonly lookup: UserLookup;
  readonly withGroups: boolean;
  readonly query: ListQuery;
}

/** How many calls at most share a statement or a transaction. */
const MAX_WRITES = 32;
const MAX_READS = 64;

type UserWithGroups = StoredResource & { readonly groups: GroupRef[] };
type UserJsonWithGroups = UserJson & { readonly groups: GroupRef[] };

/** What the store does for one call alone, and the statements a batch shares with it. */
export interface UserCallsAlone {
  create(call: CreateCall): Promise<UserWriteResult>;
  /** The many-creates statement: the rows it wrote, by id (it skips a user whose userName is taken). */
  createMany(orgId: string, users: readonly NewUser[], changes: readonly ChangeContext[]): Promise<Map<string, CreatedRow>>;
  replace(call: ReplaceCall): Promise<UserWriteResult | undefined>;
  /** The replace statement of a locked row `current`, written as `next`. */
  replaceStatement(orgId: string, current: PgResourceRow, next: JsonObject, change: ChangeContext): pg.QueryConfig;
  getWithGroups(call: GetCall): Promise<UserWithGroups | undefined>;
  getWithGroupsJson(call: GetCall): Promise<UserJsonWithGroups | undefined>;
  list(orgId: string, query: ListQuery): Promise<ListResult<ListedUser>>;
  listJson(orgId: string, query: ListQuery): Promise<ListResult<UserJson>>;
}

/**
 * How a batched read hands over its rows: parsed (the pool's parsing), or with each document as PostgreSQL's jsonb
 * text (`jsonbAsText`) for a response that splices it.
 */
interface RowForm<Row, Got, Listed> {
  readonly types: pg.CustomTypesConfig | undefined;
  readonly got: (row: Row & { groups: GroupPairs }) => Got;
  readonly listed: (row: Row & { groups?: GroupPairs }) => Listed;
}

const PARSED: RowForm<PgResourceRow, UserWithGroups, ListedUser> = {
  types: undefined,
  got: toUserWithGroups,
  listed: toListedUser,
};

const AS_TEXT: RowForm<PgResourceTextRow, UserJsonWithGroups, UserJson> = {
  types: jsonbAsText,
  got: toUserJsonWithGroups,
  listed: toUserJson,
};

/**
 * The rows of several users, locked in id order: the order role recalculation (role-store.ts) and every other batch
 * take them in, so none of them can deadlock another.
 */
const LOCK_USERS = namedStatement('rollcall-users-lock', `SELECT ${RESOURCE_COLUMNS} FROM scim_users WHERE org_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`);

const GET_MANY_WITH_GROUPS = {
  name: 'rollcall-users-get-with-groups',
  text: `SELECT ${RESOURCE_COLUMNS}, ${postgresDialect.userGroupsJson('u')} AS groups FROM scim_users u WHERE u.org_id = $1 AND u.id = ANY($2::text[])`,
};

/**
 * The users of several lookups of one column: per value its first $3 users in seq order and how many match
 * (`total`), with their groups when asked. userName is unique in an organization: no counting needed, and any page
 * (a lookup's $3 is at least 1) holds its one match; `$3::int > 0` is always true and only gives the shared
 * parameter a type, which PostgreSQL needs for every parameter of a statement.
 */
const lookUpStatement = (column: UserLookup['column'], withGroups: boolean) => {
  const groups = withGroups ? `, ${postgresDialect.userGroupsJson('u')} AS groups` : '';
  const text =
    column === 'user_name_ci'
      ? `SELECT ${RESOURCE_COLUMNS}, user_name_ci AS looked_up, 1 AS total${groups} FROM scim_users u WHERE u.org_id = $1 AND u.user_name_ci = ANY($2::text[]) AND $3::int > 0`
      : `SELECT u.*${groups} FROM (
           SELECT ${RESOURCE_COLUMNS}, ${column} AS looked_up, count(*) OVER (PARTITION BY ${column}) AS total,
             row_number() OVER (PARTITION BY ${column} ORDER BY seq) AS n
           FROM scim_users WHERE org_id = $1 AND ${column} = ANY($2::text[])
         ) u WHERE u.n <= $3 ORDER BY u.seq`;
  return { name: `rollcall-users-look-up-${column}${withGroups ? '-with-groups' : ''}`, text };
};
const LOOK_UPS = new Map(
  (['user_name_ci', 'external_id'] as const).flatMap((column) => [false, true].map((withGroups) => [`${column}|${withGroups}`, lookUpStatement(column, withGroups)] as const)),
);

const fulfilled = <T>(value: T): PromiseFulfilledResult<T> => ({ status: 'fulfilled', value });
const rejected = (reason: unknown): PromiseRejectedResult => ({ status: 'rejected', reason });

/** A batch's statement that PostgreSQL refused: the batch wrote nothing, and each call runs again alone. */
async function orAlone<T>(batch: () => Promise<T>, alone: () => Promise<T>): Promise<T> {
  try {
    return await batch();
  } catch (error) {
    if (!(error instanceof pg.DatabaseError)) throw error;
    return alone();
  }
}

export function batchedUserCalls(pool: pg.Pool, alone: UserCallsAlone): Pick<UserStore, 'create' | 'replace' | 'getWithGroups' | 'getWithGroupsJson' | 'list' | 'listJson'> {
  /**
   * Creates share the many-creates statement, each user with its own request's instant and client. A taken userName
   * (one the statement skipped) fails that create alone, as it would alone, also when the batch names it twice.
   */
  const createTogether = async (batch: readonly CreateCall[]): Promise<PromiseSettledResult<UserWriteResult>[]> => {
    const eachAlone = () => Promise.all(batch.map((call) => alone.create(call).then(fulfilled, rejected)));
    if (batch.length === 1) return eachAlone();
    return orAlone(async (): Promise<PromiseSettledResult<UserWriteResult>[]> => {
      const written = await alone.createMany(batch[0]!.orgId, batch.map((c) => c.user), batch.map((c) => c.change));
      return batch.map(({ user }) => {
        const row = written.get(user.id);
        return row ? fulfilled({ ...createdUser(row, user), consoleMember: row.console_member }) : rejected(userNameTakenError(String(user.doc['userName'])));
      });
    }, eachAlone);
  };

  /**
   * Replaces and PATCHes of different users share a transaction: their rows locked by one statement, each update
   * computed on its locked row, then one replace statement each, sent with the COMMIT (two round trips, one commit).
   * A stale version or a refused PATCH fails that call alone before anything is written. A batch that names one
   * user twice runs one call at a time, so its updates apply in turn.
   */
  const replaceTogether = async (batch: readonly ReplaceCall[]): Promise<PromiseSettledResult<UserWriteResult | undefined>[]> => {
    const oneByOne = async () => {
      const outcomes: PromiseSettledResult<UserWriteResult | undefined>[] = [];
      for (const call of batch) outcomes.push(await alone.replace(call).then(fulfilled, rejected));
      return outcomes;
    };
    if (batch.length === 1 || new Set(batch.map((c) => c.id)).size < batch.length) return oneByOne();
    const orgId = batch[0]!.orgId;
    return orAlone(
      () =>
        inPipelinedTransaction(pool, async (tx) => {
          const locked = await tx.run<PgResourceRow>({ ...LOCK_USERS, values: [orgId, batch.map((c) => c.id)] });
          const rowOf = new Map(locked.rows.map((row) => [row.id, row]));
          const outcomes: PromiseSettledResult<UserWriteResult | undefined>[] = [];
          const writes: { readonly at: number; readonly doc: JsonObject; readonly statement: pg.QueryConfig }[] = [];
          batch.forEach(({ id, update, expectedVersion, change }, at) => {
            const current = rowOf.get(id);
            try {
              if (!current) outcomes[at] = fulfilled(undefined);
              else if (expectedVersion !== undefined && current.version !== expectedVersion) throw versionMismatchError(current.version);
              else {
                const doc = typeof update === 'function' ? update(toResource(current)) : update;
                writes.push({ at, doc, statement: alone.replaceStatement(orgId, current, doc, change) });
              }
            } catch (error) {
              outcomes[at] = rejected(error);
            }
          });
          if (writes.length === 0) return outcomes;
          const results = await tx.commitWith(writes.map((w) => w.statement));
          writes.forEach(({ at, doc }, i) => (outcomes[at] = fulfilled(toWritten(results[i]!.rows[0] as WrittenRow, doc))));
          return outcomes;
        }),
      oneByOne,
    );
  };

  /** GETs by id share one statement. */
  const getTogether =
    <Row extends { id: string }, Got>(form: RowForm<Row, Got, unknown>, getAlone: (call: GetCall) => Promise<Got | undefined>) =>
    async (batch: readonly GetCall[]) => {
      const eachAlone = () => Promise.all(batch.map((call) => getAlone(call).then(fulfilled, rejected)));
      if (batch.length === 1) return eachAlone();
      return orAlone(async () => {
        const ids = [...new Set(batch.map((c) => c.id))];
        const found = await pool.query<Row & { groups: GroupPairs }>({ ...GET_MANY_WITH_GROUPS, types: form.types, values: [batch[0]!.orgId, ids] });
        const rowOf = new Map(found.rows.map((row) => [row.id, row]));
        return batch.map(({ id }) => {
          const row = rowOf.get(id);
          return fulfilled<Got | undefined>(row && form.got(row));
        });
      }, eachAlone);
    };

  /** The identity providers' lookups (userLookup) of one column share one statement. */
  const lookUpTogether =
    <Row, Listed>(form: RowForm<Row, unknown, Listed>, listAlone: (orgId: string, query: ListQuery) => Promise<ListResult<Listed>>) =>
    async (batch: readonly LookupCall[]): Promise<PromiseSettledResult<ListResult<Listed>>[]> => {
      const eachAlone = () => Promise.all(batch.map((call) => listAlone(call.orgId, call.query).then(fulfilled, rejected)));
      if (batch.length === 1) return eachAlone();
      const { orgId, lookup, withGroups } = batch[0]!;
      const limitOf = (call: LookupCall) => call.query.window.limit;
      return orAlone(async () => {
        const values = [orgId, [...new Set(batch.map((c) => c.lookup.value))], Math.max(...batch.map(limitOf))];
        const found = await pool.query<Row & { looked_up: string; total: string | number; groups?: GroupPairs }>({
          ...LOOK_UPS.get(`${lookup.column}|${withGroups}`)!,
          types: form.types,
          values,
        });
        const rowsOf = new Map<string, typeof found.rows>();
        for (const row of found.rows) {
          const rows = rowsOf.get(row.looked_up);
          if (rows) rows.push(row);
          else rowsOf.set(row.looked_up, [row]);
        }
        return batch.map((call) => {
          const rows = rowsOf.get(call.lookup.value) ?? [];
          const total = rows.length === 0 ? 0 : Number(rows[0]!.total);
          const resources = rows.slice(0, limitOf(call)).map(form.listed);
          return fulfilled({ totalResults: total, resources, hasMoreBefore: false, hasMoreAfter: total > resources.length });
        });
      }, eachAlone);
    };

  const create = keyedBatches((call: CreateCall) => call.orgId, createTogether, MAX_WRITES);
  const replace = keyedBatches((call: ReplaceCall) => call.orgId, replaceTogether, MAX_WRITES);
  const byOrg = (call: GetCall) => call.orgId;
  const get = keyedBatches(byOrg, getTogether(PARSED, alone.getWithGroups), MAX_READS);
  const getJson = keyedBatches(byOrg, getTogether(AS_TEXT, alone.getWithGroupsJson), MAX_READS);
  const byLookup = (call: LookupCall) => `${call.orgId}|${call.lookup.column}|${call.withGroups}`;
  const lookUp = keyedBatches(byLookup, lookUpTogether(PARSED, alone.list), MAX_READS);
  const lookUpJson = keyedBatches(byLookup, lookUpTogether(AS_TEXT, alone.listJson), MAX_READS);
  return {
    create: (orgId, user, change) => create({ orgId, user, change }),
    replace: (orgId, id, update, expectedVersion, change) => replace({ orgId, id, update, expectedVersion, change }),
    getWithGroups: (orgId, id) => get({ orgId, id }),
    getWithGroupsJson: (orgId, id) => getJson({ orgId, id }),
    list: (orgId, query) => {
      const lookup = userLookup(query);
      return lookup === undefined ? alone.list(orgId, query) : lookUp({ orgId, lookup, withGroups: query.withGroups === true, query });
    },
    listJson: (orgId, query) => {
      const lookup = userLookup(query);
      return lookup === undefined ? alone.listJson(orgId, query) : lookUpJson({ orgId, lookup, withGroups: query.withGroups === true, query });
    },
  };
}
