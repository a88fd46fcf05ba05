// Seeded touchpoint event sets and their in-process results, for comparing
// journey building in SQL engines with journey building in process.
import { type Table, tableFromArrays } from 'apache-arrow';
import {
  type Attribution,
  type ChannelCredits,
  type PathStore,
  attribute,
  fromArrowTouchpoints,
  fromPathRows,
  type MarkovResult,
} from '../../src/index.js';
import { rng } from '../../bench/lib/generate.js';

/** One touchpoint event. `channel` '' is a conversion-only row. */
export interface EventRow {
  journey: string;
  time: number;
  channel: string;
  conversions: number;
  value: number;
  seq: number;
}

/** Channel names that are hard for SQL and for path strings. */
export const TRICKY_CHANNELS = ['search', 'Email', 'email', 'a > b', 'back\\slash', 'quote\'s "x"', 'café', 'Ünïcode', '🚀 rocket', 'z', 'comma, name', '(direct)'];

/** Options of {@link randomEvents}. */
export interface RandomEventsOptions {
  journeys: number;
  channels?: readonly string[];
  /** Probability that an event copies the previous event's timestamp (a tie). */
  ties?: number;
  /** Probability of a conversion-only row after a touch. */
  conversionOnly?: number;
  /** Probability that a touch converts. */
  convertingTouch?: number;
  /** Conversions of a converting row: integers (default) or fractional weights. */
  fractional?: boolean;
  /** Max events per journey. */
  maxEvents?: number;
}

/**
 * Seeded events: journeys of 1..maxEvents events, several conversions per
 * journey, conversion-only rows, ties on timestamps, shuffled row order.
 * Timestamps are whole milliseconds (what every route reads exactly).
 */
export function randomEvents(seed: number, o: RandomEventsOptions): EventRow[] {
  const rand = rng(seed);
  const channels = o.channels ?? TRICKY_CHANNELS;
  const rows: EventRow[] = [];
  const day = 86_400_000;
  for (let j = 0; j < o.journeys; j++) {
    const journey = `j${j}`;
    let t = Date.UTC(2025, 0, 1) + Math.floor(rand() * 30) * day;
    const n = 1 + Math.floor(rand() * (o.maxEvents ?? 8));
    for (let k = 0; k < n; k++) {
      if (!(rand() < (o.ties ?? 0))) t += Math.floor(rand() * 3 * day) + 1000;
      const channel = channels[Math.floor(rand() ** 1.5 * channels.length)];
      const converts = rand() < (o.convertingTouch ?? 0.15);
      const conversions = converts ? (o.fractional ? Math.round(rand() * 1000) / 400 + 0.01 : 1 + Math.floor(rand() * 2)) : 0;
      const value = converts ? Math.round(rand() * 20000) / 100 : 0;
      rows.push({ journey, time: t, channel, conversions, value, seq: Math.floor(rand() * 3) });
      if (rand() < (o.conversionOnly ?? 0.05)) {
        if (!(rand() < (o.ties ?? 0))) t += Math.floor(rand() * day);
        rows.push({ journey, time: t, channel: '', conversions: o.fractional ? 0.5 : 1, value: Math.round(rand() * 5000) / 100, seq: Math.floor(rand() * 3) });
      }
    }
  }
  // Shuffle: neither route may depend on row order.
  for (let i = rows.length - 1; i > 0; i--) {
    const k = Math.floor(rand() * (i + 1));
    [rows[i], rows[k]] = [rows[k], rows[i]];
  }
  return rows;
}

/** The events as an Arrow table with the default column names (and `seq`). */
export function eventsTable(rows: readonly EventRow[]): Table {
  return tableFromArrays({
    journey_id: rows.map((r) => r.journey),
    timestamp: Float64Array.from(rows, (r) => r.time),
    channel: rows.map((r) => r.channel),
    conversions: Float64Array.from(rows, (r) => r.conversions),
    value: Float64Array.from(rows, (r) => r.value),
    seq: Float64Array.from(rows, (r) => r.seq),
    // The sequence column under the name the golden SQL files use.
    event_index: Float64Array.from(rows, (r) => r.seq),
  } as never) as unknown as Table;
}

/** The events as CSV text (RFC 4180 quoting; ISO timestamps). */
export function eventsCsv(rows: readonly EventRow[]): string {
  const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = ['journey_id,timestamp,channel,conversions,value,seq'];
  for (const r of rows) lines.push([cell(r.journey), new Date(r.time).toISOString(), cell(r.channel), r.conversions, r.value, r.seq].join(','));
  return `${lines.join('\n')}\n`;
}

/** Journey options shared by both routes in a comparison. */
export interface RouteOptions {
  lookback?: number | string;
  maxTouches?: number;
  sequenceColumn?: string;
}

/** The in-process store of the events. */
export function inProcessStore(rows: readonly EventRow[], options: RouteOptions = {}): PathStore {
  return fromArrowTouchpoints(eventsTable(rows), options);
}

/** A path summary as rows from a driver (numbers may come as strings or bigints) to a store. */
export function storeFromSummaryRows(rows: readonly Record<string, unknown>[]): PathStore {
  return fromPathRows(
    rows.map((r) => ({ path: r.path, conversions: Number(r.conversions), value: Number(r.value), nulls: Number(r.nulls) })),
  );
}

/** Result rows as columns (for `transitionCountsFromColumns`). */
export function toColumns(rows: readonly Record<string, unknown>[], names: readonly string[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const n of names) out[n] = rows.map((r) => r[n] ?? null);
  return out;
}

/** Models a path summary supports (everything but time decay). */
export const SUMMARY_MODELS = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based'] as const;

/** Asserts two sets of credits agree per channel name to `tolerance` (relative to max(1, |x|)). */
export function expectSameCredits(actual: readonly ChannelCredits[], expected: readonly ChannelCredits[], tolerance = 1e-12): void {
  if (actual.length !== expected.length) throw new Error(`models differ: ${actual.map((c) => c.model)} vs ${expected.map((c) => c.model)}`);
  for (let m = 0; m < expected.length; m++) {
    const a = actual[m];
    const e = expected[m];
    if (a.model !== e.model) throw new Error(`model ${a.model} vs ${e.model}`);
    const byName = (c: ChannelCredits) => new Map(c.channels.map((name, i) => [name, [c.conversions[i], c.value[i]]] as const));
    const am = byName(a);
    const em = byName(e);
    const names = new Set([...am.keys(), ...em.keys()]);
    for (const name of names) {
      const [ac, av] = am.get(name) ?? [0, 0];
      const [ec, ev] = em.get(name) ?? [0, 0];
      for (const [x, y, what] of [
        [ac, ec, 'conversions'],
        [av, ev, 'value'],
      ] as const) {
        if (!(Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(y)))) {
          throw new Error(`${e.model} ${what} of ${JSON.stringify(name)}: ${x} vs ${y} (diff ${x - y})`);
        }
      }
    }
    if (!(Math.abs(a.totalConversions - e.totalConversions) <= tolerance * Math.max(1, e.totalConversions))) throw new Error(`${e.model} total conversions differ`);
  }
}

/** Asserts two Markov results have the same removal effects per channel name, P and V. */
export function expectSameMarkov(a: MarkovResult, e: MarkovResult, tolerance = 1e-12): void {
  expectSameCredits([a.credits], [e.credits], tolerance);
  const close = (x: number, y: number) => Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(y));
  if (!close(a.conversionProbability, e.conversionProbability)) throw new Error(`P ${a.conversionProbability} vs ${e.conversionProbability}`);
  if (!close(a.expectedValue, e.expectedValue)) throw new Error(`V ${a.expectedValue} vs ${e.expectedValue}`);
  const re = new Map(e.credits.channels.map((n, i) => [n, e.removalEffects[i]]));
  a.credits.channels.forEach((n, i) => {
    if (!close(a.removalEffects[i], re.get(n) ?? 0)) throw new Error(`removal effect of ${n}: ${a.removalEffects[i]} vs ${re.get(n)}`);
  });
  if (a.stateCount !== e.stateCount || a.transitionCount !== e.transitionCount) {
    throw new Error(`chain size ${a.stateCount}/${a.transitionCount} vs ${e.stateCount}/${e.transitionCount}`);
  }
}

/** Every model the summary supports, in process. */
export function summaryAttribution(store: PathStore): Attribution {
  return attribute(store, { models: [...SUMMARY_MODELS] });
}
