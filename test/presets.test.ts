// Presets: each reproduces its peer's documented example numbers (README examples,
// the peers' own test data and fixtures under fixtures/peers), and they are plain,
// frozen, complete option objects.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyTransforms,
  attribute,
  fromPathRows,
  PRESET_NAMES,
  preset,
  PRESETS,
  readCsvPaths,
  type Attribution,
  type PathStore,
} from '../src/index.js';
import { referenceSolve } from './helpers/markov-reference.js';
import { loadPeerRows } from './helpers/peer-data.js';
import { SNOWPLOW_PATH_SUMMARY } from './helpers/snowplow-data.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const get = (r: Attribution, model: string, channel: string, what: 'conversions' | 'value' = 'conversions') => {
  const c = r.credits.find((m) => m.model === model)!;
  return c[what][c.channels.indexOf(channel)];
};
const run = (store: PathStore, name: string) => {
  const p = preset(name);
  return attribute(applyTransforms(store, p.transforms), p.attribute);
};

describe('the presets are plain, frozen and complete', () => {
  it.each(PRESET_NAMES)('%s', (name) => {
    const p = preset(name);
    expect(p).toBe(PRESETS[name]);
    expect(p.name).toBe(name);
    expect(Object.isFrozen(p) && Object.isFrozen(p.attribute) && Object.isFrozen(p.attribute.models)).toBe(true);
    expect(p.attribute.models.length).toBeGreaterThan(0);
    expect(p.sources.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p); // plain data
    // docs/presets.md has a section for every preset, naming each difference.
    const docs = readFileSync(new URL('../docs/presets.md', import.meta.url), 'utf8');
    expect(docs).toContain(`## \`${name}\``);
  });
  it('refuses an unknown name, listing the known ones', () => {
    expect(() => preset('matomo')).toThrow(/unknown preset \(known: channelattribution, dp6, eeghor, fractribution, adobe, ga4, snowplow\)/);
  });
});

describe('channelattribution', () => {
  // PathData as its R package ships it: heuristic_models' first, last and linear touch are per
  // path by definition; here against an independent per-row computation, read with the preset.
  it("reads PathData with the preset's columns and separator and gives heuristic_models' definitions", async () => {
    const p = preset('channelattribution');
    const { readCsv } = await import('../src/index.js');
    const store = await readCsv(new URL('../fixtures/peers/channelattribution_pathdata.csv.gz', import.meta.url).pathname, p.input);
    const r = attribute(store, p.attribute);
    expect(r.table.models).toEqual(['first_touch', 'last_touch', 'linear', 'markov']);
    const rows = loadPeerRows();
    const want = new Map<string, [number, number, number]>();
    for (const row of rows) {
      if (!(row.conversions > 0)) continue;
      const names = row.path.split('>').map((s) => s.trim());
      const add = (name: string, i: number, x: number) => {
        const cur = want.get(name) ?? [0, 0, 0];
        cur[i] += x;
        want.set(name, cur);
      };
      add(names[0], 0, row.conversions);
      add(names[names.length - 1], 1, row.conversions);
      for (const n of names) add(n, 2, row.conversions / names.length);
    }
    for (const [name, [first, last, lin]] of want) {
      expect(get(r, 'first_touch', name)).toBeCloseTo(first, 8);
      expect(get(r, 'last_touch', name)).toBeCloseTo(last, 8);
      expect(get(r, 'linear', name)).toBeCloseTo(lin, 8);
    }
    expect(r.markov!.nullsPresent).toBe(true);
    expect(r.markov!.flowConservationError).toBeLessThan(1e-12);
    expect(r.markov!.credits.conversions.reduce((a, b) => a + b, 0)).toBeCloseTo(19785, 8);
    // markov_model's credits (its simulation aside): conversions in proportion to the removal
    // effects of the order-1 chain, here from an independent dense solve (mathjs) of PathData.
    const ref = referenceSolve(rows, 1, false);
    const effects = new Map([...ref.removedP].map(([c, q]) => [c, 1 - q / ref.p]));
    const total = [...effects.values()].reduce((a, b) => a + b, 0);
    for (const [name, e] of effects) expect(get(r, 'markov', name)).toBeCloseTo((19785 * e) / total, 6);
  });
});

describe('dp6', () => {
  it("README rows with their time_till_conv: the step decay (0.5 every 168 h) and 0.4/0.2/0.4 positions", () => {
    // README: 'Google Search > Organic > Email Marketing' at 72 > 24 > 0 hours; 'Google Search > Organic >
    // Google Search > Email Marketing > ...' at 528 > 528 > 408 > 240 > 0 hours (its fifth channel is cut
    // off in the README; Facebook stands in for it).
    const t = 1000 * HOUR;
    const store = fromPathRows(
      [
        { path: 'Google Search > Organic > Email Marketing', conversions: 1, value: 1, times: [t - 72 * HOUR, t - 24 * HOUR, t] },
        { path: 'Google Search > Organic > Google Search > Email Marketing > Facebook', conversions: 1, value: 1, times: [t - 528 * HOUR, t - 528 * HOUR, t - 408 * HOUR, t - 240 * HOUR, t] },
      ],
      { timesColumn: 'times' },
    );
    const r = run(store, 'dp6');
    // Row 1: floor(h / 168) = 0, 0, 0: a third each. Row 2: 3, 3, 2, 1, 0 -> 1/8, 1/8, 1/4, 1/2, 1 (sum 2).
    expect(get(r, 'time_decay', 'Google Search')).toBeCloseTo(1 / 3 + 1 / 16 + 1 / 8, 14);
    expect(get(r, 'time_decay', 'Organic')).toBeCloseTo(1 / 3 + 1 / 16, 14);
    expect(get(r, 'time_decay', 'Email Marketing')).toBeCloseTo(1 / 3 + 1 / 4, 14);
    expect(get(r, 'time_decay', 'Facebook')).toBeCloseTo(1 / 2, 14);
    // Position based: row 1 0.4 / 0.2 / 0.4; row 2 0.4, 0.2/3 each middle, 0.4.
    expect(get(r, 'position_based', 'Google Search')).toBeCloseTo(0.4 + 0.4 + 0.2 / 3, 14);
    expect(get(r, 'last_non_direct', 'Facebook')).toBe(1);
  });

  it("README Shapley table: Organic > Youtube = [30.5, -22.5] with values_col='conversions' over the preset's settings", () => {
    const store = fromPathRows([
      { path: 'Organic', conversions: 64, nulls: 28 },
      { path: 'Youtube', conversions: 11, nulls: 4 },
      { path: 'Organic > Youtube', conversions: 8, nulls: 3 },
    ]);
    const p = preset('dp6');
    const r = attribute(store, { ...p.attribute, models: ['shapley_rate'], shapleyRate: { ...p.attribute.shapleyRate, coalitionValue: 'conversions' }, perTouch: true });
    const touch = r.credits[0].perTouch!.conversions;
    expect(touch[store.offsets[2]]).toBeCloseTo(30.5, 12);
    expect(touch[store.offsets[2] + 1]).toBeCloseTo(-22.5, 12);
  });

  it('counts only "Direct" as direct', () => {
    const store = fromPathRows([{ path: 'search > (direct)', conversions: 1 }, { path: 'search > Direct', conversions: 1 }]);
    const r = attribute(store, { ...preset('dp6').attribute, models: ['last_non_direct'] });
    expect(get(r, 'last_non_direct', '(direct)')).toBe(1);
    expect(get(r, 'last_non_direct', 'search')).toBe(1);
  });
});

describe('eeghor', () => {
  // eeghor/mta tests/conftest.py journey_data and the exact allocations of tests/test_heuristic_models.py.
  const store = fromPathRows([
    { path: 'direct', conversions: 2, nulls: 1 },
    { path: 'search > email', conversions: 3, nulls: 2 },
    { path: 'search > social > email', conversions: 5, nulls: 4 },
  ]);
  const r = run(store, 'eeghor');
  it('first and last touch: direct 2, search 8 / direct 2, email 8', () => {
    expect([get(r, 'first_touch', 'direct'), get(r, 'first_touch', 'search')]).toEqual([2, 8]);
    expect([get(r, 'last_touch', 'direct'), get(r, 'last_touch', 'email')]).toEqual([2, 8]);
  });
  it("linear(share='same'): direct 2, search 19/6, email 19/6, social 5/3", () => {
    expect(get(r, 'linear', 'direct')).toBeCloseTo(2, 14);
    expect(get(r, 'linear', 'search')).toBeCloseTo(19 / 6, 14);
    expect(get(r, 'linear', 'email')).toBeCloseTo(19 / 6, 14);
    expect(get(r, 'linear', 'social')).toBeCloseTo(5 / 3, 14);
  });
  it('position_based(40, 40): direct 2, search 3.5, email 3.5, social 1', () => {
    expect(get(r, 'position_based', 'search')).toBeCloseTo(3.5, 14);
    expect(get(r, 'position_based', 'email')).toBeCloseTo(3.5, 14);
    expect(get(r, 'position_based', 'social')).toBeCloseTo(1, 14);
  });
  it("loops go before every model; linear share='proportional' with loops allowed is the per-touch default ('a > a > b': a 4, b 2)", () => {
    const loops = fromPathRows([{ path: 'a > a > b', conversions: 6 }]);
    expect(get(run(loops, 'eeghor'), 'linear', 'a')).toBe(3);
    const p = preset('eeghor');
    expect(get(attribute(loops, { ...p.attribute, models: ['linear'], linear: { unique: false } }), 'linear', 'a')).toBe(4);
  });
});

describe('fractribution and snowplow', () => {
  it("fractribution: the preset's transforms and leave-one-out give its own tests' exposure fits", async () => {
    const expected = JSON.parse(readFileSync(new URL('../fixtures/peers/fractribution_expected_fits.json', import.meta.url), 'utf8')).exposure as {
      path: string;
      shares: Record<string, number>;
    }[];
    const raw = await readCsvPaths(new URL('../fixtures/peers/fractribution_example_path_summary.csv', import.meta.url).pathname, {
      conversionsColumn: 'total_conversions',
      nullsColumn: 'total_non_conversions',
      separator: preset('fractribution').input.separator,
    });
    const p = preset('fractribution');
    const store = applyTransforms(raw, p.transforms);
    const r = attribute(store, { ...p.attribute, perTouch: true });
    const loo = r.credits.find((c) => c.model === 'leave_one_out')!;
    for (const row of expected) {
      const p0 = Array.from({ length: store.pathCount }, (_, i) => i).find(
        (i) => store.conversions[i] > 0 && Array.from(store.touches.subarray(store.offsets[i], store.offsets[i + 1]), (c) => store.channels[c]).join(' > ') === row.path,
      )!;
      const shares = new Map<string, number>();
      for (let k = store.offsets[p0]; k < store.offsets[p0 + 1]; k++) {
        const name = store.channels[store.touches[k]];
        shares.set(name, (shares.get(name) ?? 0) + loo.perTouch!.conversions[k] / store.conversions[p0]);
      }
      for (const [ch, share] of Object.entries(row.shares)) expect(shares.get(ch)).toBeCloseTo(share, 12);
    }
  });

  it("snowplow: its integration test's published channel attribution (Direct 3.5409582690664606, 170.1541576513044818)", () => {
    // The rows under the package's own column names.
    const store = fromPathRows(
      SNOWPLOW_PATH_SUMMARY.map((r) => ({ transformed_path: r.path, conversions: r.conversions, non_conversions: r.nulls, ...(r.value !== undefined ? { revenue: r.value } : {}) })),
      preset('snowplow').input,
    );
    const r = run(store, 'snowplow');
    expect(Math.abs(get(r, 'leave_one_out', 'Direct') - 3.5409582690664606)).toBeLessThan(1e-9);
    expect(Math.abs(get(r, 'leave_one_out', 'Direct', 'value') - 170.1541576513044818)).toBeLessThan(1e-8);
    expect(Math.abs(get(r, 'leave_one_out', 'Organic_Search', 'value') - 130.7658423493044818)).toBeLessThan(1e-8);
    // The same expected file's last-touch row: Direct 4 conversions, 234.42 revenue.
    const last = attribute(store, { ...preset('snowplow').attribute, models: ['last_touch'] });
    expect(get(last, 'last_touch', 'Direct')).toBe(4);
    expect(get(last, 'last_touch', 'Direct', 'value')).toBeCloseTo(234.42, 10);
  });
});

describe('adobe and ga4', () => {
  const conv = 30 * DAY;
  const times = [conv - 22 * DAY, conv - 15 * DAY, conv - 8 * DAY, conv - DAY];
  it("time decay, 7-day half-life: Google's example (22, 15, 8, 1 days -> 1/8, 1/4, 1/2, 1) in both", () => {
    const store = fromPathRows([{ path: 'display > social > email > search', conversions: 15, value: 150, times }], { timesColumn: 'times' });
    for (const name of ['adobe', 'ga4']) {
      const r = run(store, name);
      expect(get(r, 'time_decay', 'display')).toBeCloseTo(1, 12);
      expect(get(r, 'time_decay', 'search')).toBeCloseTo(8, 12);
      expect(get(r, 'position_based', 'display')).toBeCloseTo(6, 12); // 40%
      expect(get(r, 'position_based', 'social')).toBeCloseTo(1.5, 12); // 20% over two middle touches
    }
  });
  it("adobe's J-shaped and inverse J are position overrides (20/60 and 60/20)", () => {
    const store = fromPathRows([{ path: 'a > b > c', conversions: 10 }]);
    const p = preset('adobe');
    const j = attribute(store, { ...p.attribute, models: ['position_based'], positionBased: { preset: 'J' } });
    const inverse = attribute(store, { ...p.attribute, models: ['position_based'], positionBased: { preset: 'inverseJ' } });
    const split = (r: Attribution) => ['a', 'b', 'c'].map((c) => Math.round(get(r, 'position_based', c) * 1e12) / 1e12);
    expect(split(j)).toEqual([2, 2, 6]);
    expect(split(inverse)).toEqual([6, 2, 2]);
  });
  it("ga4: paid and organic last click skips '(direct) / (none)' unless the whole path is direct", () => {
    const store = fromPathRows([
      { path: 'google / cpc > (direct) / (none)', conversions: 2 },
      { path: '(direct) / (none) > (direct) / (none)', conversions: 1 },
    ]);
    const r = attribute(store, { ...preset('ga4').attribute, models: ['last_non_direct'] });
    expect(get(r, 'last_non_direct', 'google / cpc')).toBe(2);
    expect(get(r, 'last_non_direct', '(direct) / (none)')).toBe(1);
  });
});
