import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// The worker script exists only in the build, so these tests run against dist/ (npm test builds first).
import * as built from '../dist/index.js';
import * as src from '../src/index.js';

const { countTransitionsParallel, parallelAvailable, markovAsync, splitByTouches, TransitionCounter, transitionRows, markov, fromPathRows, attribute } = built as unknown as typeof src;

const rowsArb = fc.array(
  fc.record({
    path: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1, maxLength: 6 }),
    conversions: fc.nat(3),
    nulls: fc.nat(3),
    value: fc.integer({ min: 0, max: 4000 }),
  }),
  { minLength: 3, maxLength: 80 },
);

function storeOf(rows: { path: string[]; conversions: number; nulls: number; value: number }[]) {
  return fromPathRows(rows.map((r) => ({ ...r, value: r.conversions > 0 ? r.value / 4 : 0 })));
}

describe('worker threads', () => {
  it('the built package ships the worker script, for ESM and CommonJS', () => {
    expect(parallelAvailable()).toBe(true);
    const root = fileURLToPath(new URL('..', import.meta.url));
    const script = `const p = require(${JSON.stringify(join(root, 'dist/index.cjs'))});
      const s = p.fromPathRows([{ path: 'a > b', conversions: 2, nulls: 1 }, { path: 'b > c', conversions: 0, nulls: 4 }, { path: 'c', conversions: 1 }]);
      p.countTransitionsParallel(s, { threads: 2, minTouches: 0 }).then((c) => console.log(JSON.stringify(p.transitionRows(c))));`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const store = fromPathRows([{ path: 'a > b', conversions: 2, nulls: 1 }, { path: 'b > c', conversions: 0, nulls: 4 }, { path: 'c', conversions: 1 }]);
    expect(JSON.parse(out)).toEqual(transitionRows(new TransitionCounter().add(store)));
  });

  it('the built CommonJS package runs bootstrap replicates on worker threads with the in-process results', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const rows = [
      { path: 'a > b', conversions: 2, nulls: 1, value: 20 },
      { path: 'b > c', conversions: 0, nulls: 4, value: 0 },
      { path: 'c', conversions: 1, nulls: 2, value: 5 },
    ];
    const script = `const p = require(${JSON.stringify(join(root, 'dist/index.cjs'))});
      const s = p.fromPathRows(${JSON.stringify(rows)});
      p.attributeAsync(s, { models: ['linear', 'markov'], intervals: { replicates: 30, seed: 4, threads: 2 } })
        .then((r) => console.log(JSON.stringify(r.intervals.models.map((m) => Array.from(m.conversionsHi)))));`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const local = attribute(fromPathRows(rows), { models: ['linear', 'markov'], intervals: { replicates: 30, seed: 4 } });
    expect(JSON.parse(out)).toEqual(local.intervals!.models.map((m) => Array.from(m.conversionsHi)));
  });

  it('parallel transition counts equal the single-threaded counts exactly', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 }), async (rows, order, threads) => {
        const store = storeOf(rows);
        const single = new TransitionCounter({ order }).add(store);
        const parallel = await countTransitionsParallel(store, { order, threads, minTouches: 0 });
        expect(transitionRows(parallel)).toEqual(transitionRows(single));
        expect(parallel.totalValue).toBe(single.totalValue);
      }),
      { seed: 42, numRuns: 15 },
    );
  });

  it('markovAsync equals markov, per-touch credit included', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, async (rows) => {
        const store = storeOf(rows);
        let expected;
        try {
          expected = markov(store, { order: 2, perTouch: true });
        } catch {
          return; // no conversion: both refuse
        }
        const actual = await markovAsync(store, { order: 2, perTouch: true, threads: 2, minTouches: 0 });
        expect(Array.from(actual.credits.conversions)).toEqual(Array.from(expected.credits.conversions));
        expect(Array.from(actual.credits.value)).toEqual(Array.from(expected.credits.value));
        expect(Array.from(actual.credits.perTouch!.conversions)).toEqual(Array.from(expected.credits.perTouch!.conversions));
        expect(actual.conversionProbability).toBe(expected.conversionProbability);
      }),
      { seed: 42, numRuns: 10 },
    );
  });

  it('splits paths into contiguous ranges of similar touch counts', () => {
    const store = fromPathRows(Array.from({ length: 10 }, (_, i) => ({ path: Array(i + 1).fill('x'), conversions: 1 })));
    const ranges = splitByTouches(store, 3);
    expect(ranges[0][0]).toBe(0);
    expect(ranges.at(-1)![1]).toBe(10);
    for (let k = 1; k < ranges.length; k++) expect(ranges[k][0]).toBe(ranges[k - 1][1]);
    expect(splitByTouches(fromPathRows([{ path: 'a', conversions: 1 }]), 4)).toEqual([[0, 1]]);
  });
});
