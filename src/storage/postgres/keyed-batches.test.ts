import { describe, expect, it } from 'vitest';
import { keyedBatches } from './keyed-batches.js';

/** A runner that records its batches and answers each argument after `release()`. */
function recorder(answer: (arg: number) => PromiseSettledResult<string> = (arg) => ({ status: 'fulfilled', value: `r${arg}` })) {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const run = (batch: readonly number[]) =>
    new Promise<PromiseSettledResult<string>[]>((resolve) => {
      batches.push([...batch]);
      pending.push(() => resolve(batch.map(answer)));
    });
  const release = async () => {
    pending.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { batches, run, release };
}

describe('keyedBatches', () => {
  it('sends a lone call at once and the calls that arrive meanwhile together, in order, at most maxBatch a batch', async () => {
    const r = recorder();
    const call = keyedBatches((n: number) => (n < 100 ? 'a' : 'b'), r.run, 3);
    const answers = [1, 2, 3, 4, 5, 100].map((n) => call(n));
    expect(r.batches).toEqual([[1], [100]]);
    await r.release();
    expect(r.batches).toEqual([[1], [100], [2, 3, 4]]);
    await r.release();
    await r.release();
    await r.release();
    expect(r.batches).toEqual([[1], [100], [2, 3, 4], [5]]);
    expect(await Promise.all(answers)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r100']);
    // Once drained, the next call goes at once again.
    void call(6);
    expect(r.batches.at(-1)).toEqual([6]);
  });

  it('fails only the calls the runner failed, and every call of a batch whose runner threw', async () => {
    const r = recorder((n) => (n === 2 ? { status: 'rejected', reason: new Error('two') } : { status: 'fulfilled', value: `r${n}` }));
    const call = keyedBatches(() => 'k', r.run, 10);
    const settled = Promise.allSettled([call(1), call(2), call(3)]);
    await r.release();
    await r.release();
    expect(await settled).toEqual([
      { status: 'fulfilled', value: 'r1' },
      { status: 'rejected', reason: new Error('two') },
      { status: 'fulfilled', value: 'r3' },
    ]);
    const broken = keyedBatches(() => 'k', async () => Promise.reject(new Error('down')), 10);
    await expect(Promise.allSettled([broken(1), broken(2)])).resolves.toMatchObject([{ status: 'rejected' }, { status: 'rejected' }]);
    await expect(broken(3)).rejects.toThrow('down');
  });
});
