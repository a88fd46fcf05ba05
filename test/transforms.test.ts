// Path transforms (Google fractribution's): the README's example, hand-computed
// fixtures for each transform, fractribution's own test expectations, a naive
// string oracle, and the properties (fast-check, fixed seeds).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTransforms, fromPathRows, leaveOneOut, parseTransforms, readCsvPaths, type PathStore, type PathTransform } from '../src/index.js';
import { formatTransforms } from '../src/transforms/parse-transforms.js';

const pathsOf = (store: PathStore) =>
  Array.from({ length: store.pathCount }, (_, p) => Array.from(store.touches.subarray(store.offsets[p], store.offsets[p + 1]), (c) => store.channels[c]).join(' > '));
const one = (path: string, list: string) => pathsOf(applyTransforms(fromPathRows([{ path, conversions: 1 }]), parseTransforms(list)))[0];

describe("fractribution's README example (D, A, B, B, C, D, C, C)", () => {
  const path = 'D > A > B > B > C > D > C > C';
  it.each([
    ['unique', 'D > A > B > B > C > D > C > C'],
    ['exposure', 'D > A > B > C > D > C'],
    ['first', 'D > A > B > C'],
    ['frequency', 'D(2) > A(1) > B(2) > C(3)'],
  ])('%s gives %s', (t, want) => expect(one(path, t)).toBe(want));
});

describe('the examples of docs/presets.md', () => {
  const path = 'D > A > B > B > C > D > C > C';
  it.each([
    ['trim-long-path:3', 'D > C > C'],
    ['remove-if-not-all:D', 'A > B > B > C > C > C'],
    ['remove-if-last-and-not-all:C', 'D > A > B > B > C > D'],
  ])('%s gives %s', (t, want) => expect(one(path, t)).toBe(want));
});

// Snowplow's dbt package, integration_tests/models/unit_tests/test_path_transformations_{data,expected}.sql
// (trim_long_path 1 and 2, and the transforms with 'Direct' as the channel to remove).
describe("Snowplow's path transformation unit tests", () => {
  it.each([
    ['Example > Video > Direct > Direct', ['Direct', 'Direct > Direct', 'Example(1) > Video(1) > Direct(2)', 'Example > Video > Direct', 'Example > Video > Direct', 'Example > Video', 'Example > Video']],
    ['Direct > Direct', ['Direct', 'Direct > Direct', 'Direct(2)', 'Direct', 'Direct', 'Direct > Direct', 'Direct > Direct']],
    ['a > a > a > Direct > a > Direct > Direct', ['Direct', 'Direct > Direct', 'a(4) > Direct(3)', 'a > Direct > a > Direct', 'a > Direct', 'a > a > a > a', 'a > a > a > Direct > a']],
    ['Direct', ['Direct', 'Direct', 'Direct(1)', 'Direct', 'Direct', 'Direct', 'Direct']],
    ['Example > Video > Direct', ['Direct', 'Video > Direct', 'Example(1) > Video(1) > Direct(1)', 'Example > Video > Direct', 'Example > Video > Direct', 'Example > Video', 'Example > Video']],
  ])('%s', (path, want) => {
    const lists = ['trim-long-path:1', 'trim-long-path:2', 'frequency', 'exposure', 'first', 'remove-if-not-all:Direct', 'remove-if-last-and-not-all:Direct'];
    expect(lists.map((l) => one(path, l))).toEqual(want);
    expect(one(path, 'unique')).toBe(path);
  });
});

describe('hand-computed fixtures', () => {
  it.each([
    // trim-long-path: the last N; N <= 0 keeps everything.
    ['A > B > C > D', 'trim-long-path:2', 'C > D'],
    ['A > B', 'trim-long-path:5', 'A > B'],
    ['A > B > C', 'trim-long-path:0', 'A > B > C'],
    ['A > B > C', 'trim-long-path:-3', 'A > B > C'],
    // remove-if-not-all: every Direct goes, unless Direct is all there is.
    ['Direct > A > Direct > B', 'remove-if-not-all:Direct', 'A > B'],
    ['Direct > Direct', 'remove-if-not-all:Direct', 'Direct > Direct'],
    ['A > B', 'remove-if-not-all:Direct', 'A > B'],
    // remove-if-last-and-not-all: only the trailing run goes.
    ['Direct > A > Direct > Direct', 'remove-if-last-and-not-all:Direct', 'Direct > A'],
    ['A > Direct > B', 'remove-if-last-and-not-all:Direct', 'A > Direct > B'],
    ['Direct > Direct', 'remove-if-last-and-not-all:Direct', 'Direct > Direct'],
    // Chains run left to right, and the order matters.
    ['A > Direct > A', 'exposure,remove-if-not-all:Direct', 'A > A'],
    ['A > Direct > A', 'remove-if-not-all:Direct,exposure', 'A'],
    ['B > B > A > B', 'frequency,trim-long-path:1', 'A(1)'],
    ['B > B > A > B', 'trim-long-path:2,frequency', 'A(1) > B(1)'],
    // Names made by frequency can be targeted afterwards.
    ['D > A > D', 'frequency,remove-if-not-all:D(2)', 'A(1)'],
  ])('%s | %s -> %s', (path, list, want) => expect(one(path, list)).toBe(want));

  it('keeps rows, totals, times and input rows of the kept touches; unused channels leave the list', () => {
    const store = fromPathRows(
      [
        { path: 'Direct > search > search > Direct', conversions: 2, value: 30, nulls: 1, times: [1, 2, 3, 4] },
        { path: 'Direct', conversions: 0, nulls: 5, times: [7] },
      ],
      { timesColumn: 'times' },
    );
    const t = applyTransforms(store, parseTransforms('exposure,remove-if-not-all:Direct'));
    expect(pathsOf(t)).toEqual(['search', 'Direct']);
    expect(Array.from(t.times!)).toEqual([2, 7]); // the first touch of the collapsed run
    expect(Array.from(t.conversions)).toEqual([2, 0]);
    expect(Array.from(t.value)).toEqual([30, 0]);
    expect(Array.from(t.nulls)).toEqual([1, 5]);
    const f = applyTransforms(store, parseTransforms('frequency'));
    expect(f.channels).toEqual(['Direct(2)', 'search(2)', 'Direct(1)']); // Direct and search themselves are gone
    expect(Array.from(f.times!)).toEqual([1, 2, 7]);
  });

  it('follows the input rows of touchpoint stores', async () => {
    const { readCsv } = await import('../src/index.js');
    const { Readable } = await import('node:stream');
    const csv = 'journey_id,timestamp,channel,conversions\nu,1,a,0\nu,2,a,0\nu,3,b,1\n';
    const store = await readCsv(Readable.from([csv]));
    const t = applyTransforms(store, [{ kind: 'exposure' }]);
    expect(pathsOf(t)).toEqual(['a > b']);
    expect(Array.from(t.touchRows!)).toEqual([0, 2]);
    expect(t.pathJourney).toBe(store.pathJourney);
  });

  it('an empty path stays empty (every transform maps [] to [])', () => {
    const store: PathStore = {
      ...fromPathRows([{ path: 'a > a', conversions: 1 }]),
      pathCount: 2,
      offsets: Int32Array.from([0, 2, 2]),
      conversions: Float64Array.from([1, 0]),
      value: Float64Array.from([0, 0]),
      nulls: Float64Array.from([0, 3]),
    };
    for (const list of ['exposure', 'first', 'frequency', 'trim-long-path:1', 'remove-if-not-all:a', 'remove-if-last-and-not-all:a']) {
      const t = applyTransforms(store, parseTransforms(list));
      expect(t.offsets[2] - t.offsets[1]).toBe(0);
      expect(t.offsets[1]).toBeGreaterThan(0);
    }
  });

  it('returns the store itself when nothing can change', () => {
    const store = fromPathRows([{ path: 'a > a', conversions: 1 }]);
    expect(applyTransforms(store, [])).toBe(store);
    expect(applyTransforms(store, parseTransforms('unique,trim-long-path:0'))).toBe(store);
  });
});

describe('parsing', () => {
  it('reads the CLI spelling and fractribution aliases, with escapes', () => {
    expect(parseTransforms('exposure, remove-if-not-all:Direct')).toEqual([{ kind: 'exposure' }, { kind: 'remove-if-not-all', channel: 'Direct' }]);
    expect(parseTransforms('trimLongPath(5),removeIfNotAll(Direct),removeIfLastAndNotAll(Paid\\, Search)')).toEqual([
      { kind: 'trim-long-path', steps: 5 },
      { kind: 'remove-if-not-all', channel: 'Direct' },
      { kind: 'remove-if-last-and-not-all', channel: 'Paid, Search' },
    ]);
    const list: PathTransform[] = [{ kind: 'remove-if-not-all', channel: 'a,b:c\\d' }, { kind: 'trim-long-path', steps: -1 }, { kind: 'first' }];
    expect(parseTransforms(formatTransforms(list))).toEqual(list);
  });

  it.each([
    ['', /empty/],
    ['exposur', /unknown path transform "exposur"/],
    ['exposure:3', /takes no argument/],
    ['trim-long-path', /integer number of steps/],
    ['trim-long-path:2.5', /integer number of steps/],
    ['remove-if-not-all', /needs a channel/],
    ['remove-if-not-all:', /needs a channel/],
  ])('refuses %j', (text, message) => expect(() => parseTransforms(text)).toThrow(message));

  it('refuses malformed transform objects from code', () => {
    const store = fromPathRows([{ path: 'a', conversions: 1 }]);
    expect(() => applyTransforms(store, [{ kind: 'nope' } as unknown as PathTransform])).toThrow(/transform 1: unknown transform/);
    expect(() => applyTransforms(store, [{ kind: 'trim-long-path', steps: 1.5 }])).toThrow(/integer/);
    expect(() => applyTransforms(store, [{ kind: 'remove-if-not-all', channel: '' }])).toThrow(/channel name/);
  });
});

// fractribution's Python test data (py/fractribution_model/tests at abcce92): its leave-one-out
// ("shapley") fit per customer path after each transform, to 15 digits.
describe("fractribution's own test expectations", () => {
  const expected = JSON.parse(readFileSync(new URL('../fixtures/peers/fractribution_expected_fits.json', import.meta.url), 'utf8')) as Record<
    string,
    { path: string; shares: Record<string, number> }[]
  >;
  it.each(['exposure', 'first', 'frequency'])('%s: leave-one-out shares match to 1e-12', async (name) => {
    const raw = await readCsvPaths(new URL('../fixtures/peers/fractribution_example_path_summary.csv', import.meta.url).pathname, {
      conversionsColumn: 'total_conversions',
      nullsColumn: 'total_non_conversions',
    });
    const store = applyTransforms(raw, parseTransforms(name));
    const result = leaveOneOut(store, { perTouch: true });
    const paths = pathsOf(store);
    for (const row of expected[name]) {
      const p = paths.findIndex((x, i) => x === row.path && store.conversions[i] > 0);
      expect(p, row.path).toBeGreaterThanOrEqual(0);
      const shares = new Map<string, number>();
      for (let k = store.offsets[p]; k < store.offsets[p + 1]; k++) {
        const base = store.channels[store.touches[k]].replace(/\(.*$/, ''); // fractribution folds B(2) back into B
        shares.set(base, (shares.get(base) ?? 0) + result.perTouch!.conversions[k] / store.conversions[p]);
      }
      for (const [channel, share] of Object.entries(row.shares)) expect(Math.abs((shares.get(channel) ?? 0) - share), `${row.path} ${channel}`).toBeLessThan(1e-12);
    }
  });
});

// The transforms as fractribution's JavaScript UDFs write them, over arrays of names: the oracle.
function naive(path: string[], t: PathTransform): string[] {
  switch (t.kind) {
    case 'unique':
      return path;
    case 'exposure':
      return path.filter((c, i) => i === 0 || c !== path[i - 1]);
    case 'first':
      return path.filter((c, i) => path.indexOf(c) === i);
    case 'frequency': {
      const count = new Map<string, number>();
      for (const c of path) count.set(c, (count.get(c) ?? 0) + 1);
      return path.filter((c, i) => path.indexOf(c) === i).map((c) => `${c}(${count.get(c)})`);
    }
    case 'trim-long-path':
      return t.steps > 0 ? path.slice(Math.max(0, path.length - t.steps)) : path;
    case 'remove-if-not-all': {
      const kept = path.filter((c) => c !== t.channel);
      return kept.length === 0 ? path : kept;
    }
    case 'remove-if-last-and-not-all': {
      let tail = path.length;
      for (let i = path.length - 1; i >= 0 && path[i] === t.channel; i--) tail = i;
      return tail > 0 ? path.slice(0, tail) : path;
    }
  }
}

describe('properties (fast-check, fixed seeds)', () => {
  const channel = fc.constantFrom('a', 'b', 'c', 'Direct');
  const rows = fc.array(
    fc.record({
      path: fc.array(channel, { minLength: 1, maxLength: 7 }),
      conversions: fc.integer({ min: 0, max: 5 }),
      nulls: fc.integer({ min: 0, max: 5 }),
      value: fc.integer({ min: 0, max: 50 }),
    }),
    { minLength: 1, maxLength: 12 },
  );
  const transform: fc.Arbitrary<PathTransform> = fc.oneof(
    fc.constantFrom<PathTransform>({ kind: 'unique' }, { kind: 'exposure' }, { kind: 'first' }, { kind: 'frequency' }),
    fc.integer({ min: -1, max: 4 }).map((steps): PathTransform => ({ kind: 'trim-long-path', steps })),
    channel.map((c): PathTransform => ({ kind: 'remove-if-not-all', channel: c })),
    channel.map((c): PathTransform => ({ kind: 'remove-if-last-and-not-all', channel: c })),
  );
  const storeOf = (rs: { path: string[]; conversions: number; nulls: number; value: number }[]) =>
    fromPathRows(rs.map((r) => ({ path: r.path.join(' > '), conversions: r.conversions, nulls: r.nulls, value: r.conversions > 0 ? r.value : 0 })));

  it('every chain equals the naive string version, keeps every row and its counts, and never empties a path', () => {
    fc.assert(
      fc.property(rows, fc.array(transform, { maxLength: 4 }), (rs, chain) => {
        const store = storeOf(rs);
        const t = applyTransforms(store, chain);
        expect(pathsOf(t)).toEqual(rs.map((r) => chain.reduce(naive, r.path).join(' > ')));
        expect(t.pathCount).toBe(store.pathCount);
        expect(Array.from(t.conversions)).toEqual(Array.from(store.conversions));
        expect(Array.from(t.value)).toEqual(Array.from(store.value));
        expect(Array.from(t.nulls)).toEqual(Array.from(store.nulls));
        for (let p = 0; p < t.pathCount; p++) expect(t.offsets[p + 1]).toBeGreaterThan(t.offsets[p]);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('exposure, first, trim-long-path and both removals are idempotent; frequency renames again', () => {
    fc.assert(
      fc.property(rows, transform, (rs, t) => {
        const once = applyTransforms(storeOf(rs), [t]);
        const twice = applyTransforms(once, [t]);
        if (t.kind === 'frequency') expect(twice.channels.every((c) => /\(\d+\)\(1\)$/.test(c))).toBe(true);
        else expect(pathsOf(twice)).toEqual(pathsOf(once));
      }),
      { seed: 13, numRuns: 200 },
    );
  });

  it('first after exposure, or exposure after first, is first; relabelling channels commutes with every transform', () => {
    fc.assert(
      fc.property(rows, transform, (rs, t) => {
        const store = storeOf(rs);
        const first = pathsOf(applyTransforms(store, [{ kind: 'first' }]));
        expect(pathsOf(applyTransforms(store, [{ kind: 'exposure' }, { kind: 'first' }]))).toEqual(first);
        expect(pathsOf(applyTransforms(store, [{ kind: 'first' }, { kind: 'exposure' }]))).toEqual(first);
        const rename = (c: string) => `x_${c}`;
        const renamed = storeOf(rs.map((r) => ({ ...r, path: r.path.map(rename) })));
        const t2: PathTransform = 'channel' in t ? { ...t, channel: rename(t.channel) } : t;
        expect(pathsOf(applyTransforms(renamed, [t2]))).toEqual(pathsOf(applyTransforms(store, [t])).map((p) => p.split(' > ').map(rename).join(' > ')));
      }),
      { seed: 14, numRuns: 200 },
    );
  });
});
