// Poisson bootstrap intervals: the definition (keyed Poisson draws, value scaling, type-7
// percentiles), independence from input order, channel labels, splits and thread count, the
// Markov recount against fresh fits, and coverage of known population removal effects.
import { lusolve } from 'mathjs';
import { describe, expect, it } from 'vitest';
import {
  attribute,
  attributeAsync,
  bootstrapReplicates,
  bootstrapUnits,
  fromPathRows,
  linear,
  markov,
  type PathStore,
  RandomStream,
  Replicator,
  samplePoisson,
  shapleyRate,
  leaveOneOut,
} from '../src/index.js';
import { rng } from '../bench/lib/generate.js';

/** A path row as `fromPathRows` reads it. */
interface PathRow {
  path: string;
  conversions?: number;
  value?: number;
  nulls?: number;
}

const ROWS: PathRow[] = [
  { path: 'search', conversions: 12, value: 600, nulls: 40 },
  { path: 'search > email', conversions: 9, value: 540, nulls: 20 },
  { path: 'social > search', conversions: 3, value: 150, nulls: 30 },
  { path: 'social', conversions: 1, value: 40, nulls: 55 },
  { path: 'email > social > email', conversions: 2, value: 90, nulls: 4 },
  { path: 'display > search > email', conversions: 4, value: 260, nulls: 11 },
  { path: 'display', conversions: 0, nulls: 25 },
  { path: 'affiliate > email', conversions: 1, value: 35, nulls: 0 },
  { path: 'search > search > email', conversions: 25, value: 1200, nulls: 8 },
];
const MODELS = ['first_touch', 'linear', 'markov', 'shapley', 'shapley_rate', 'leave_one_out'] as const;

function byChannel(store: PathStore, values: Float64Array): Map<string, number> {
  return new Map(store.channels.map((c, i) => [c, values[i]]));
}

function expectClose(a: number, b: number, rel = 1e-9): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(a), Math.abs(b)));
}

describe('Poisson bootstrap replicates', () => {
  it('draw c* ~ Poisson(c) then n* ~ Poisson(n) from the stream keyed by (seed, replicate, path key), and scale value by c*/c', () => {
    const store = fromPathRows([...ROWS, { path: 'video > search', conversions: 37.5, value: 800, nulls: 120 }]);
    const units = bootstrapUnits(store, false);
    const replicator = new Replicator(units, 99);
    const stream = new RandomStream(99);
    for (const b of [0, 1, 17]) {
      const rep = replicator.draw(b);
      for (let i = 0; i < units.store.pathCount; i++) {
        stream.reset(b, units.keyHi[i], units.keyLo[i]);
        const c = samplePoisson(stream, units.store.conversions[i]);
        const n = samplePoisson(stream, units.store.nulls[i]);
        expect(rep.conversions[i]).toBe(c);
        expect(rep.nulls[i]).toBe(n);
        expect(rep.value[i]).toBe(c > 0 ? (units.store.value[i] * c) / units.store.conversions[i] : 0);
      }
    }
  });

  it('key units by path content: identical paths merge and keys ignore row order and channel ids', () => {
    const a = bootstrapUnits(fromPathRows(ROWS), false);
    const split = ROWS.flatMap((r) => {
      const c = r.conversions ?? 0;
      const half = Math.floor(c / 2);
      const v = r.value ?? 0;
      return [
        { ...r, conversions: half, value: c > 0 ? (v * half) / c : 0, nulls: Math.ceil((r.nulls ?? 0) / 2) },
        { ...r, conversions: c - half, value: c > 0 ? (v * (c - half)) / c : 0, nulls: (r.nulls ?? 0) - Math.ceil((r.nulls ?? 0) / 2) },
      ];
    });
    const b = bootstrapUnits(fromPathRows(split.reverse()), false);
    expect(b.store.pathCount).toBe(a.store.pathCount);
    const key = (u: typeof a, i: number) => `${u.keyHi[i]}:${u.keyLo[i]}`;
    const mapOf = (u: typeof a) => new Map(Array.from({ length: u.store.pathCount }, (_, i) => [key(u, i), [u.store.conversions[i], u.store.nulls[i], u.store.value[i]]]));
    const ma = mapOf(a);
    const mb = mapOf(b);
    for (const [k, v] of ma) {
      expect(mb.get(k)![0]).toBe(v[0]);
      expect(mb.get(k)![1]).toBe(v[1]);
      expectClose(mb.get(k)![2], v[2], 1e-12);
    }
  });

  it('with time decay, keep times in the units: same channels at other times stay apart, identical rows merge', () => {
    const rows = [
      { path: 'a > b', conversions: 1, value: 10, nulls: 0, times: ['2024-01-01', '2024-01-03'] },
      { path: 'a > b', conversions: 2, value: 30, nulls: 1, times: ['2024-01-01', '2024-01-03'] },
      { path: 'a > b', conversions: 1, value: 5, nulls: 0, times: ['2024-01-02', '2024-01-03'] },
      { path: 'b', conversions: 1, value: 7, nulls: 2, times: ['2024-01-05'] },
    ];
    const store = fromPathRows(rows, { timesColumn: 'times' });
    const plain = bootstrapUnits(store, false);
    const timed = bootstrapUnits(store, true);
    expect(plain.store.pathCount).toBe(2);
    expect(plain.store.times).toBeNull();
    expect(timed.store.pathCount).toBe(3);
    expect(Array.from(timed.store.conversions)).toEqual([3, 1, 1]);
    const t = store.times!;
    expect(Array.from(timed.store.times!)).toEqual([t[0], t[1], t[4], t[5], t[6]]);
    const r = attribute(store, { models: ['time_decay', 'linear'], intervals: { replicates: 30, seed: 1 } });
    expect(r.intervals!.units).toBe(3);
    const iv = r.intervals!.models[0];
    expect(iv.model).toBe('time_decay');
    for (let c = 0; c < 2; c++) expect(iv.conversionsLo[c]).toBeLessThanOrEqual(iv.conversionsHi[c]);
  });

  it('the Markov replicate (recounted transitions) equals a fresh Markov fit on the replicate, and the other models a fresh run', () => {
    const store = fromPathRows(ROWS);
    const units = bootstrapUnits(store, false);
    const replicator = new Replicator(units, 5);
    const matrix = bootstrapReplicates(store, MODELS, {}, { seed: 5, from: 0, to: 12 });
    const C = store.channels.length;
    const { layout } = matrix;
    for (let b = 0; b < 12; b++) {
      const rep = replicator.draw(b);
      const row = matrix.rows.subarray(b * layout.width, (b + 1) * layout.width);
      const fresh = markov(rep);
      const m = layout.offsets[MODELS.indexOf('markov')];
      for (let c = 0; c < C; c++) {
        expectClose(row[m + c], fresh.credits.conversions[c], 1e-12);
        expectClose(row[m + C + c], fresh.credits.value[c], 1e-12);
        expectClose(row[layout.markovEffects + c], fresh.removalEffects[c], 1e-12);
      }
      const checks: [string, (s: PathStore) => { conversions: Float64Array; value: Float64Array }][] = [
        ['linear', (s) => linear(s)],
        ['shapley_rate', (s) => shapleyRate(s)],
        ['leave_one_out', (s) => leaveOneOut(s)],
      ];
      for (const [name, run] of checks) {
        const at = layout.offsets[MODELS.indexOf(name as (typeof MODELS)[number])];
        const r = run(rep);
        for (let c = 0; c < C; c++) {
          expectClose(row[at + c], r.conversions[c], 1e-12);
          expectClose(row[at + C + c], r.value[c], 1e-12);
        }
      }
    }
  });

  it('gives a channel absent from a replicate 0 credit in every model and removal effect 0', () => {
    // 'affiliate' has one path with 1 conversion: in about e^-1 of replicates it draws 0.
    const store = fromPathRows(ROWS);
    const ch = store.channels.indexOf('affiliate');
    const m = bootstrapReplicates(store, MODELS, {}, { seed: 3, from: 0, to: 40 });
    const units = bootstrapUnits(store, false);
    const replicator = new Replicator(units, 3);
    const affiliateUnit = Array.from({ length: units.store.pathCount }, (_, i) => i).find((i) => units.store.touches[units.store.offsets[i]] === ch)!;
    let absent = 0;
    for (let b = 0; b < 40; b++) {
      const rep = replicator.draw(b);
      if (rep.conversions[affiliateUnit] + rep.nulls[affiliateUnit] > 0) continue;
      absent++;
      const row = m.rows.subarray(b * m.layout.width, (b + 1) * m.layout.width);
      for (const at of m.layout.offsets) expect(row[at + ch]).toBe(0);
      expect(row[m.layout.markovEffects + ch]).toBe(0);
    }
    expect(absent).toBeGreaterThan(5);
  });
});

describe('bootstrap intervals', () => {
  it('are the type-7 percentiles of the replicate credits at the requested level', () => {
    const store = fromPathRows(ROWS);
    const B = 57;
    const r = attribute(store, { models: [...MODELS], intervals: { replicates: B, level: 0.8, seed: 11 } });
    const raw = bootstrapReplicates(store, MODELS, {}, { seed: 11, from: 0, to: B });
    const type7 = (xs: number[], q: number) => {
      const s = [...xs].sort((a, b) => a - b);
      const h = (s.length - 1) * q;
      const lo = Math.floor(h);
      return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
    };
    MODELS.forEach((name, m) => {
      const iv = r.intervals!.models[m];
      expect(iv.model).toBe(name);
      for (let c = 0; c < store.channels.length; c++) {
        const column = Array.from({ length: B }, (_, b) => raw.rows[b * raw.layout.width + raw.layout.offsets[m] + c]);
        expect(iv.conversionsLo[c]).toBeCloseTo(type7(column, 0.1), 12);
        expect(iv.conversionsHi[c]).toBeCloseTo(type7(column, 0.9), 12);
      }
    });
    expect(r.intervals!.replicates).toBe(B);
    expect(r.intervals!.level).toBe(0.8);
    expect(r.intervals!.seed).toBe(11);
    expect(r.intervals!.units).toBe(ROWS.length);
  });

  it('do not depend on row order or channel ids (up to rounding); the keys follow channel names', () => {
    const ref = attribute(fromPathRows(ROWS), { models: [...MODELS], intervals: { replicates: 40, seed: 2 } });
    // Reversed rows give the channels other ids (first appearance), and the same paths.
    const reversed = [...ROWS].reverse();
    const other = attribute(fromPathRows(reversed), { models: [...MODELS], intervals: { replicates: 40, seed: 2 } });
    const refStore = fromPathRows(ROWS);
    const otherStore = fromPathRows(reversed);
    expect(otherStore.channels).not.toEqual(refStore.channels);
    MODELS.forEach((_, m) => {
      const a = ref.intervals!.models[m];
      const b = other.intervals!.models[m];
      const bLo = byChannel(otherStore, b.conversionsLo);
      const bHi = byChannel(otherStore, b.valueHi);
      refStore.channels.forEach((c, i) => {
        expectClose(a.conversionsLo[i], bLo.get(c)!);
        expectClose(a.valueHi[i], bHi.get(c)!);
      });
    });
    const re = byChannel(otherStore, other.intervals!.markov!.removalEffectsHi);
    refStore.channels.forEach((c, i) => expectClose(ref.intervals!.markov!.removalEffectsHi[i], re.get(c)!));
  });

  it('are bit-identical for any number of worker threads and equal to the single-thread run', async () => {
    const store = fromPathRows(ROWS);
    const options = { models: [...MODELS], intervals: { replicates: 24, seed: 8 } };
    const sync = attribute(store, options);
    const runs = await Promise.all([1, 2, 3].map((threads) => attributeAsync(store, { ...options, intervals: { ...options.intervals, threads } })));
    for (const run of runs) {
      expect(run.intervals!.models).toEqual(sync.intervals!.models);
      expect(run.intervals!.markov).toEqual(sync.intervals!.markov);
    }
  });

  it('refuse invalid options with clear errors', () => {
    const store = fromPathRows(ROWS);
    expect(() => attribute(store, { intervals: { replicates: 0 } })).toThrow(/replicates must be a positive integer/);
    expect(() => attribute(store, { intervals: { replicates: 2.5 } })).toThrow(/replicates/);
    expect(() => attribute(store, { intervals: { level: 1 } })).toThrow(/level must be a number strictly between 0 and 1/);
    expect(() => attribute(store, { intervals: { level: 0 } })).toThrow(/level/);
    expect(() => attribute(store, { intervals: { level: Number.NaN } })).toThrow(/level/);
    expect(() => attribute(store, { intervals: { seed: -1 } })).toThrow(/seed/);
    expect(() => bootstrapReplicates(store, ['linear'], {}, { seed: 1, from: 3, to: 2 })).toThrow(/replicate range/);
  });
});

describe('the worked example of docs/models.md', () => {
  it('draws the documented replicates and intervals', () => {
    const store = fromPathRows([
      { path: 'search', conversions: 2, value: 100, nulls: 3 },
      { path: 'search > email', conversions: 1, value: 60, nulls: 1 },
      { path: 'email', conversions: 1, value: 40, nulls: 4 },
    ]);
    const replicator = new Replicator(bootstrapUnits(store, false), 1);
    const expected = [
      [[0, 0, 1], [3, 1, 7], [0, 0, 40], [0, 1]],
      [[3, 2, 0], [2, 3, 5], [150, 120, 0], [4, 1]],
      [[2, 1, 1], [2, 2, 7], [100, 60, 40], [2.5, 1.5]],
      [[4, 1, 0], [5, 0, 5], [200, 60, 0], [4.5, 0.5]],
      [[2, 1, 0], [2, 1, 2], [100, 60, 0], [2.5, 0.5]],
    ];
    expected.forEach(([c, n, v, credit], b) => {
      const rep = replicator.draw(b);
      expect([Array.from(rep.conversions), Array.from(rep.nulls), Array.from(rep.value), Array.from(linear(rep).conversions)]).toEqual([c, n, v, credit]);
    });
    const iv = attribute(store, { models: ['linear'], intervals: { replicates: 5, level: 0.5, seed: 1 } }).intervals!.models[0];
    expect(Array.from(iv.conversionsLo)).toEqual([2.5, 0.5]);
    expect(Array.from(iv.conversionsHi)).toEqual([4, 1]);
    expect([iv.totalConversionsLo, iv.totalConversionsHi]).toEqual([3, 5]);
  });
});

describe('coverage of the 90% intervals', () => {
  // A known first-order chain over three channels; its exact population removal effects come from
  // a dense solve with mathjs (independent of the library).
  const channels = ['A', 'B', 'C'];
  const start = [0.5, 0.3, 0.2];
  // Rows: to A, B, C, (conversion), (null).
  const P = [
    [0, 0.3, 0.2, 0.15, 0.35],
    [0.2, 0, 0.2, 0.2, 0.4],
    [0.1, 0.2, 0, 0.25, 0.45],
  ];
  const absorb = (removed: number | null): number => {
    // x_i = P(i -> conv) + sum_j Q_ij x_j over the kept channels; then P = sum start_i x_i.
    const A: number[][] = [];
    const b: number[] = [];
    for (let i = 0; i < 3; i++) {
      A.push([0, 1, 2].map((j) => (i === j ? 1 : 0) - (j === removed || i === removed ? 0 : P[i][j])));
      b.push(i === removed ? 0 : P[i][3]);
    }
    const x = (lusolve(A, b) as unknown as number[][]).map((r) => r[0]);
    return [0, 1, 2].reduce((s, i) => s + (i === removed ? 0 : start[i] * x[i]), 0);
  };
  const full = absorb(null);
  const truth = [0, 1, 2].map((c) => 1 - absorb(c) / full);

  function simulate(journeys: number, seed: number): PathRow[] {
    const rand = rng(seed);
    const pick = (weights: number[]) => {
      let u = rand();
      for (let k = 0; k < weights.length; k++) {
        u -= weights[k];
        if (u < 0) return k;
      }
      return weights.length - 1;
    };
    const rows = new Map<string, { conversions: number; nulls: number }>();
    for (let j = 0; j < journeys; j++) {
      const path: string[] = [];
      let s = pick(start);
      let end = -1;
      while (end < 0) {
        path.push(channels[s]);
        const next = pick(P[s]);
        if (next >= 3) end = next;
        else s = next;
      }
      const key = path.join(' > ');
      const row = rows.get(key) ?? { conversions: 0, nulls: 0 };
      if (end === 3) row.conversions++;
      else row.nulls++;
      rows.set(key, row);
    }
    return [...rows].map(([path, r]) => ({ path, ...r }));
  }

  it('the exact population removal effects are what the library computes from the true chain', () => {
    // Sanity of the oracle itself: a huge sample's point estimates are within 0.01 of the truth.
    const r = markov(fromPathRows(simulate(200_000, 1)));
    const store = fromPathRows(simulate(200_000, 1));
    channels.forEach((c, i) => expect(Math.abs(r.removalEffects[store.channels.indexOf(c)] - truth[i])).toBeLessThan(0.01));
  });

  it('cover the true removal effects in 80-97% of 150 simulated data sets (seeded)', () => {
    let covered = 0;
    let total = 0;
    const perChannel = [0, 0, 0];
    const datasets = 150;
    for (let d = 0; d < datasets; d++) {
      const store = fromPathRows(simulate(3000, 1000 + d));
      const r = attribute(store, { models: ['markov'], intervals: { replicates: 200, level: 0.9, seed: d } });
      const iv = r.intervals!.markov!;
      channels.forEach((c, i) => {
        const id = store.channels.indexOf(c);
        const ok = iv.removalEffectsLo[id] <= truth[i] && truth[i] <= iv.removalEffectsHi[id];
        if (ok) {
          covered++;
          perChannel[i]++;
        }
        total++;
      });
    }
    const rate = covered / total;
    console.log(`coverage of 90% intervals: ${(rate * 100).toFixed(1)}% of ${total} (per channel ${perChannel.map((k) => ((k / datasets) * 100).toFixed(1)).join(', ')}%)`);
    expect(rate).toBeGreaterThanOrEqual(0.8);
    expect(rate).toBeLessThanOrEqual(0.97);
    for (const k of perChannel) expect(k / datasets).toBeGreaterThanOrEqual(0.75);
  });
});
