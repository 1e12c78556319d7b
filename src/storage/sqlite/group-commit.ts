// Group commit for SQLite: SCIM writes that arrive in the same event-loop turn run as one write transaction,
// each in its own savepoint. One commit then writes the WAL pages they share (the seq-ordered index tails, the
// event log, the change log) once instead of once per write, and takes the write lock once.
import type { SqliteDatabase } from './open-database.js';

interface Pending {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export type GroupCommit = <T>(work: () => T) => Promise<T>;

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** At most this many writes share a commit, so one batch never holds the write lock for long. */
const MAX_BATCH = 64;

/**
 * Returns `commit(work)`: `work` runs at the next turn, in its own savepoint, with the writes queued beside it. Its promise settles only after the shared transaction committed, so an
 * acknowledged write is as durable as a lone one. A write that throws rolls back its own savepoint and fails alone;
 * if the transaction itself cannot commit, every write in it fails.
 */
export function groupCommit(db: SqliteDatabase): GroupCommit {
  let queue: Pending[] = [];

  // Called inside the batch's transaction, a transaction function runs as a savepoint: a write that throws is undone.
  const inSavepoint = db.transaction((work: () => unknown) => work());
  const runBatch = db.transaction((batch: readonly Pending[]): Outcome[] =>
    batch.map((pending): Outcome => {
      try {
        return { ok: true, value: inSavepoint(pending.work) };
      } catch (error) {
        // SQLite ends the whole transaction on some errors (disk full, I/O): nothing of this batch may be reported saved.
        if (!db.inTransaction) throw error;
        return { ok: false, error };
      }
    }),
  );

  const flush = () => {
    const batch = queue.slice(0, MAX_BATCH);
    queue = queue.slice(MAX_BATCH);
    if (queue.length > 0) setImmediate(flush);
    let outcomes: Outcome[];
    try {
      outcomes = runBatch.immediate(batch);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => (outcome.ok ? batch[i]!.resolve(outcome.value) : batch[i]!.reject(outcome.error)));
  };

  return <T>(work: () => T) =>
    new Promise<T>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
}
