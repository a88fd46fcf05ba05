import { tableFromArrays, type Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { fromArrowTouchpoints } from '../src/index.js';
import { rng } from '../bench/lib/generate.js';
import { canonicalPaths } from './helpers/canonical.js';

const arrowTable = (cols: Record<string, unknown>): Table => tableFromArrays(cols as never) as unknown as Table;

// Enough journeys (> 2^16) that grouping rows takes the two-level radix sort.
describe('journey building at scale', () => {
  const JOURNEYS = 70_000;
  const names = ['search', 'email', 'social', 'display', 'direct'];
  const rand = rng(7);
  const rows: { journey: number; time: number; channel: string; conversions: number; value: number }[] = [];
  for (let j = 0; j < JOURNEYS; j++) {
    const len = 1 + Math.floor(rand() * 5);
    for (let k = 0; k < len; k++) {
      const converts = rand() < 0.15;
      rows.push({ journey: j * 7 + 3, time: Math.floor(rand() * 50), channel: names[Math.floor(rand() * names.length)], conversions: converts ? 1 : 0, value: converts ? 10 : 0 });
    }
  }
  // Shuffle the rows (seeded Fisher-Yates).
  for (let i = rows.length - 1; i > 0; i--) {
    const k = Math.floor(rand() * (i + 1));
    [rows[i], rows[k]] = [rows[k], rows[i]];
  }
  const table = (rs: typeof rows) =>
    arrowTable({
      journey_id: Int32Array.from(rs.map((r) => r.journey)),
      timestamp: Float64Array.from(rs.map((r) => r.time)),
      channel: rs.map((r) => r.channel),
      conversions: Float64Array.from(rs.map((r) => r.conversions)),
      value: Float64Array.from(rs.map((r) => r.value)),
    });

  /** Journeys built naively: group with a Map, sort each by (time, rule), cut after conversions. */
  function naive(rs: typeof rows): string[] {
    const byJourney = new Map<number, number[]>();
    rs.forEach((r, i) => {
      if (r.journey < 0) return;
      const list = byJourney.get(r.journey) ?? [];
      list.push(i);
      byJourney.set(r.journey, list);
    });
    const lines: string[] = [];
    for (const list of byJourney.values()) {
      // Time, then the tie rule: non-converting first, names in order, conversions, value.
      list.sort((a, b) => {
        const x = rs[a];
        const y = rs[b];
        return x.time - y.time || (x.conversions > 0 ? 1 : 0) - (y.conversions > 0 ? 1 : 0) || (x.channel < y.channel ? -1 : x.channel > y.channel ? 1 : 0) || x.conversions - y.conversions || x.value - y.value || a - b;
      });
      let path: string[] = [];
      for (const i of list) {
        path.push(JSON.stringify(rs[i].channel));
        if (rs[i].conversions > 0) {
          lines.push(`${path.join(' > ')} | ${rs[i].conversions} | ${rs[i].value} | 0`);
          path = [];
        }
      }
      if (path.length > 0) lines.push(`${path.join(' > ')} | 0 | 0 | 1`);
    }
    return lines.sort();
  }

  it('groups shuffled rows of 70,000 journeys exactly like a naive grouping, with every touch traced to its row', () => {
    const store = fromArrowTouchpoints(table(rows));
    expect(canonicalPaths(store)).toEqual(naive(rows));
    // Journeys come in order of first appearance; every touch names its input row.
    const seen = new Set<number>();
    const firstAppearance: number[] = [];
    for (const r of rows) if (!seen.has(r.journey) && seen.add(r.journey)) firstAppearance.push(r.journey);
    expect(store.journeyIds).toEqual(firstAppearance);
    // One assertion over all touches (an expect per touch would take most of the test's time).
    const wrong: number[] = [];
    for (let t = 0; t < store.touches.length; t++) {
      const row = rows[store.touchRows![t]];
      if (store.channels[store.touches[t]] !== row.channel || store.times![t] !== row.time) wrong.push(t);
    }
    for (let p = 0; p < store.pathCount; p++) {
      if (store.journeyIds![store.pathJourney![p]] !== rows[store.touchRows![store.offsets[p]]].journey) wrong.push(-p - 1);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps input rows exact when invalid rows were skipped', () => {
    // Every 1000th row gets a negative value: skipped, so the reader numbers rows explicitly.
    const damaged = rows.map((r, i) => (i % 1000 === 0 ? { ...r, conversions: -1 } : r));
    const store = fromArrowTouchpoints(table(damaged), { skipInvalid: true });
    expect(store.skipped?.count).toBe(Math.ceil(rows.length / 1000));
    expect(canonicalPaths(store)).toEqual(naive(damaged.filter((r) => r.conversions >= 0)));
    const wrong: number[] = [];
    for (let t = 0; t < store.touches.length; t++) {
      const row = damaged[store.touchRows![t]];
      if (row.conversions < 0 || store.channels[store.touches[t]] !== row.channel) wrong.push(t);
    }
    expect(wrong).toEqual([]);
  });

  it('orders runs of every length (sorted in place up to 32 rows, by the general sort beyond) like a naive grouping', () => {
    // Journeys of 1 to 80 shuffled rows with many equal times, so both sorts and the tie rule run.
    const local = rng(11);
    const mixed: typeof rows = [];
    for (let j = 0; j < 300; j++) {
      const len = 1 + Math.floor(local() * 80);
      for (let k = 0; k < len; k++) {
        const converts = local() < 0.1;
        mixed.push({ journey: j, time: Math.floor(local() * 8), channel: names[Math.floor(local() * names.length)], conversions: converts ? 1 + Math.floor(local() * 2) : 0, value: converts ? Math.floor(local() * 3) : 0 });
      }
    }
    for (let i = mixed.length - 1; i > 0; i--) {
      const k = Math.floor(local() * (i + 1));
      [mixed[i], mixed[k]] = [mixed[k], mixed[i]];
    }
    const store = fromArrowTouchpoints(table(mixed));
    expect(canonicalPaths(store)).toEqual(naive(mixed));
    const wrong: number[] = [];
    for (let t = 0; t < store.touches.length; t++) {
      const row = mixed[store.touchRows![t]];
      if (store.channels[store.touches[t]] !== row.channel || store.times![t] !== row.time) wrong.push(t);
    }
    expect(wrong).toEqual([]);
  });
});
