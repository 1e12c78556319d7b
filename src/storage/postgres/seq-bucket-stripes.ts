// Folds the stripes of each seq bucket (migration 11) into stripe 0, so list totals and deep pages sum about one
// row per bucket again. Runs on a timer on every instance: rows another transaction holds are skipped (they fold on
// a later round), and stripe-0 rows are taken in key order, so folders never deadlock each other or a writer.
import type pg from 'pg';

export const FOLD_INTERVAL_MS = 5_000;
/** Stripe rows one statement folds, so a round stays short after a long pause. */
const FOLD_BATCH = 10_000;

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

/** Folds stripe rows into stripe 0 until none is left but those other transactions hold; returns rows folded. */
export async function foldSeqBucketStripes(pool: pg.Pool | pg.ClientBase): Promise<number> {
  let folded = 0;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>({ name: 'fold-seq-bucket-stripes', text: FOLD_SQL });
    const round = rows[0]?.n ?? 0;
    folded += round;
    if (round < FOLD_BATCH) return folded;
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
