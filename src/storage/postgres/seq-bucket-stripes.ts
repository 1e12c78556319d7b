// Folds the stripes of each seq bucket (migration 11) into stripe 0, so list totals and deep pages sum about one
// row per bucket again. Runs on a timer on every instance: stripe rows another transaction holds are skipped (they
// fold on a later round). Merging into a stripe-0 row can still wait on a writer, and through other locks that
// writer can wait on the fold; the fold waits at most FOLD_LOCK_TIMEOUT_MS, far below PostgreSQL's deadlock check
// (1 s by default), so it gives way and a writer never fails because of it.
import pg from 'pg';

export const FOLD_INTERVAL_MS = 5_000;
/** Stripe rows one statement folds, so a round stays short after a long pause. */
const FOLD_BATCH = 10_000;
const FOLD_LOCK_TIMEOUT_MS = 50;
/** SQLSTATE lock_not_available: the fold waited FOLD_LOCK_TIMEOUT_MS for a lock and gave way. */
const LOCK_NOT_AVAILABLE = '55P03';

const FOLD_SQL = `
WITH taken AS (
  SELECT org_id, resource_type, bucket, stripe FROM scim_seq_buckets WHERE stripe <> 0 LIMIT ${FOLD_BATCH} FOR UPDATE SKIP LOCKED
), folded AS (
  DELETE FROM scim_seq_buckets b USING taken
  WHERE b.org_id = taken.org_id AND b.resource_type = taken.resource_type AND b.bucket = taken.bucket AND b.stripe = taken.stripe
  RETURNING b.org_id, b.resource_type, b.bucket, b.n
), merged AS (
  INSERT INTO scim_seq_buckets AS b (org_id, resource_type, bucket, stripe, n)
  SELECT org_id, resource_type, bucket, 0, sum(n) FROM folded GROUP BY org_id, resource_type, bucket ORDER BY org_id, resource_type, bucket
  ON CONFLICT (org_id, resource_type, bucket, stripe) DO UPDATE SET n = b.n + excluded.n
)
SELECT count(*)::int AS n FROM folded`;

/** One round in its own transaction; undefined when it gave way to a writer holding a lock it needed. */
async function foldRound(client: pg.ClientBase): Promise<number | undefined> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL lock_timeout = ${FOLD_LOCK_TIMEOUT_MS}`);
    const { rows } = await client.query<{ n: number }>({ name: 'fold-seq-bucket-stripes', text: FOLD_SQL });
    await client.query('COMMIT');
    return rows[0]?.n ?? 0;
  } catch (error) {
    await client.query('ROLLBACK');
    if (error instanceof pg.DatabaseError && error.code === LOCK_NOT_AVAILABLE) return undefined;
    throw error;
  }
}

/**
 * Folds stripe rows into stripe 0 until none is left but those other transactions hold, or until it gives way to a
 * writer; returns the rows folded.
 */
export async function foldSeqBucketStripes(db: pg.Pool | pg.ClientBase): Promise<number> {
  const client = db instanceof pg.Pool ? await db.connect() : db;
  try {
    let folded = 0;
    for (;;) {
      const round = await foldRound(client);
      if (round === undefined) return folded;
      folded += round;
      if (round < FOLD_BATCH) return folded;
    }
  } finally {
    if (client !== db) (client as pg.PoolClient).release();
  }
}

export interface StripeFolding {
  /** Stops the timer and waits for a round in flight. */
  stop(): Promise<void>;
}

/** Folds every `intervalMs`; a failed round (PostgreSQL restarting, say) only leaves more rows for the next one. */
export function startStripeFolding(pool: pg.Pool, intervalMs = FOLD_INTERVAL_MS): StripeFolding {
  let round: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    round = round.then(() => foldSeqBucketStripes(pool).catch(() => {}));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await round;
    },
  };
}
