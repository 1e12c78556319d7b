// Calls that contend for one row, run in batches: while a batch for a key is in flight, further calls for that key
// wait, and go together in the next batch. A lone call goes at once (no added latency); under contention each batch
// pays for one transaction (one commit, one hold of the row lock) instead of each call.

interface Waiting<A, R> {
  readonly arg: A;
  readonly resolve: (value: R) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * `run` gets a batch of at most `maxBatch` arguments (in arrival order) and settles each; if it throws, every call
 * of that batch fails with the error.
 */
export function keyedBatches<A, R>(
  keyOf: (arg: A) => string,
  run: (batch: readonly A[]) => Promise<readonly PromiseSettledResult<R>[]>,
  maxBatch: number,
): (arg: A) => Promise<R> {
  const queues = new Map<string, Waiting<A, R>[]>();
  const drain = async (key: string, queue: Waiting<A, R>[]) => {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const outcomes = await run(batch.map((w) => w.arg));
        batch.forEach((w, i) => {
          const outcome = outcomes[i]!;
          if (outcome.status === 'fulfilled') w.resolve(outcome.value);
          else w.reject(outcome.reason);
        });
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    queues.delete(key);
  };
  return (arg) =>
    new Promise<R>((resolve, reject) => {
      const key = keyOf(arg);
      const queue = queues.get(key);
      if (queue) {
        queue.push({ arg, resolve, reject });
        return;
      }
      const fresh = [{ arg, resolve, reject }];
      queues.set(key, fresh);
      void drain(key, fresh);
    });
}
