import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// The worker script exists only in the build, so these tests run against dist/ (npm test builds first).
import * as built from '../dist/index.js';
import type * as src from '../src/index.js';

const { countTransitionsParallel, countTransitions, countShards, parallelAvailable, markovAsync, isShared, shareStore, transitionRows, markov, fromPathRows, attribute, COUNT_SHARD_TOUCHES } =
  built as unknown as typeof src;

/** Small random path rows (five channels, 1-6 touches), for comparing removals across threads. */
const rowsArb = fc.array(
  fc.record({
    path: fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1, maxLength: 6 }),
    conversions: fc.nat(3),
    nulls: fc.nat(3),
    value: fc.integer({ min: 0, max: 4000 }),
  }),
  { minLength: 3, maxLength: 80 },
);

const storeOf = (rows: { path: string[]; conversions: number; nulls: number; value: number }[]) =>
  fromPathRows(rows.map((r) => ({ ...r, value: r.conversions > 0 ? r.value / 4 : 0 })));

/**
 * A store of several counting shards on SharedArrayBuffers, seeded: paths of
 * 1-7 touches over 8 channels, fractional conversions (tenths, which doubles
 * hold inexactly, so the order of additions would show in the last bits).
 */
function bigStore(seed: number, touches = 2.6 * COUNT_SHARD_TOUCHES): src.PathStore {
  let s = seed >>> 0 || 1;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const offsetsList: number[] = [0];
  let t = 0;
  while (t < touches) offsetsList.push((t += 1 + Math.floor(next() * 7)));
  const n = offsetsList.length - 1;
  const shared = <T extends Int32Array | Uint32Array | Float64Array>(C: new (b: SharedArrayBuffer) => T, length: number, bytes: number) => new C(new SharedArrayBuffer(length * bytes));
  const offsets = shared(Int32Array, n + 1, 4);
  offsets.set(offsetsList);
  const touchArr = shared(Uint32Array, t, 4);
  for (let k = 0; k < t; k++) touchArr[k] = Math.floor(next() * next() * 8);
  const conversions = shared(Float64Array, n, 8);
  const value = shared(Float64Array, n, 8);
  const nulls = shared(Float64Array, n, 8);
  for (let p = 0; p < n; p++) {
    if (next() < 0.2) {
      conversions[p] = Math.ceil(next() * 30) / 10;
      value[p] = Math.round(next() * 1000) / 10;
    }
    nulls[p] = Math.floor(next() * 3) / 10;
  }
  return { channels: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], pathCount: n, offsets, touches: touchArr, times: null, conversionTimes: null, conversions, value, nulls, pathJourney: null, journeyIds: null, touchRows: null };
}

describe('worker threads', () => {
  const store = bigStore(7);

  it('the store spans several counting shards and lives in shared memory', () => {
    expect(countShards(store).length).toBeGreaterThanOrEqual(3);
    expect(isShared(store)).toBe(true);
    expect(parallelAvailable()).toBe(true);
  });

  it('counts are bit for bit the same on 1, 2 and 3 threads, at orders 1 to 3', async () => {
    for (const order of [1, 2, 3]) {
      const one = transitionRows(countTransitions(store, { order }));
      for (const threads of [1, 2, 3]) {
        const counter = await countTransitionsParallel(store, { order, threads });
        // toEqual on numbers compares exactly (Object.is), so this is bit for bit.
        expect(transitionRows(counter)).toEqual(one);
      }
    }
  });

  it('markovAsync equals markov bit for bit, per-touch credit included', async () => {
    const expected = markov(store, { order: 1, perTouch: true });
    for (const threads of [1, 2]) {
      const actual = await markovAsync(store, { order: 1, perTouch: true, threads });
      expect(Array.from(actual.credits.conversions)).toEqual(Array.from(expected.credits.conversions));
      expect(Array.from(actual.credits.value)).toEqual(Array.from(expected.credits.value));
      expect(actual.conversionProbability).toBe(expected.conversionProbability);
      // Millions of touches: one comparison loop (a deep equality of the arrays takes minutes).
      const a = actual.credits.perTouch!.conversions;
      const b = expected.credits.perTouch!.conversions;
      let firstDifference = a.length === b.length ? -1 : 0;
      for (let k = 0; k < a.length && firstDifference < 0; k++) if (!Object.is(a[k], b[k])) firstDifference = k;
      expect(firstDifference).toBe(-1);
    }
  });

  it('a store on ordinary buffers counts on one thread; shareStore makes it shareable with the same counts', async () => {
    const plain = { ...store, offsets: store.offsets.slice(), touches: store.touches.slice(), conversions: store.conversions.slice(), value: store.value.slice(), nulls: store.nulls.slice() };
    expect(isShared(plain)).toBe(false);
    const shared = shareStore(plain);
    expect(isShared(shared)).toBe(true);
    const expected = transitionRows(countTransitions(store, { order: 2 }));
    expect(transitionRows(await countTransitionsParallel(plain, { order: 2, threads: 2 }))).toEqual(expected);
    expect(transitionRows(await countTransitionsParallel(shared, { order: 2, threads: 2 }))).toEqual(expected);
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

  it('the built package runs the workers from CommonJS too', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const script = `const p = require(${JSON.stringify(join(root, 'dist/index.cjs'))});
      const n = 3_000_000, t = 3 * n;
      const sab = (C, k, b) => new C(new SharedArrayBuffer(k * b));
      const offsets = sab(Int32Array, n + 1, 4); for (let i = 0; i <= n; i++) offsets[i] = 3 * i;
      const touches = sab(Uint32Array, t, 4); for (let k = 0; k < t; k++) touches[k] = (k * 7) % 5;
      const conversions = sab(Float64Array, n, 8), value = sab(Float64Array, n, 8), nulls = sab(Float64Array, n, 8);
      for (let i = 0; i < n; i++) { conversions[i] = i % 3 === 0 ? 0.3 : 0; nulls[i] = 0.1; }
      const s = { channels: ['a','b','c','d','e'], pathCount: n, offsets, touches, times: null, conversionTimes: null, conversions, value, nulls, pathJourney: null, journeyIds: null, touchRows: null };
      p.countTransitionsParallel(s, { threads: 2 }).then((c) => {
        const one = JSON.stringify(p.transitionRows(p.countTransitions(s)));
        console.log(JSON.stringify(p.transitionRows(c)) === one ? 'same' : 'different');
      });`;
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()).toBe('same');
  });

  it("removals of method 'affected' spread over the pool equal the single-threaded ones bit for bit", async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 }), async (rows, order, threads) => {
        const store = storeOf(rows);
        let expected;
        try {
          expected = markov(store, { order, solver: 'affected' });
        } catch {
          return; // no conversion: both refuse
        }
        const actual = await markovAsync(store, { order, solver: 'affected', threads });
        expect(actual.solver).toEqual(expected.solver);
        expect(Array.from(actual.removedConversionProbability)).toEqual(Array.from(expected.removedConversionProbability));
        expect(Array.from(actual.removedExpectedValue)).toEqual(Array.from(expected.removedExpectedValue));
        expect(Array.from(actual.credits.conversions)).toEqual(Array.from(expected.credits.conversions));
      }),
      { seed: 7, numRuns: 10 },
    );
  });
});
