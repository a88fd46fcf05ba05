import { PathSummary } from '../core/path-summary.js';
import { TransitionCounter, type TransitionCounterJSON } from '../markov/transition-counter.js';
import type { PathStore } from '../types.js';

/**
 * The store with every touch's channel replaced by a (day, channel) key,
 * `(day - firstDay) * C + channel`, so one model pass over it credits each day
 * and channel separately (a path's touches all share its day). Nothing is
 * regrouped or copied but the touch array: days stay interleaved as the paths
 * come, which a per-day split would have to gather at random.
 */
export interface DayKeyedStore {
  /** For the heuristic models: the keyed touches, each key named after its channel (names repeat; only `lastNonDirect` reads them). */
  readonly byName: PathStore;
  /** For name-keyed accumulators (transition counts, path tables): the keys named by their number, so they stay apart. */
  readonly byKey: PathStore;
  /** Channels C of the original store. */
  readonly channels: number;
  /** Days covered, from the first. */
  readonly span: number;
}

/** Builds the {@link DayKeyedStore} of `store` for paths dated `day[p]`, days `firstDay .. firstDay + span - 1`. */
export function dayKeyed(store: PathStore, day: Int32Array, firstDay: number, span: number): DayKeyedStore {
  const C = store.channels.length;
  const touches = new Uint32Array(store.touches.length);
  const { offsets } = store;
  for (let p = 0; p < store.pathCount; p++) {
    const base = (day[p] - firstDay) * C;
    for (let k = offsets[p]; k < offsets[p + 1]; k++) touches[k] = base + store.touches[k];
  }
  const names: string[] = new Array(span * C);
  const keys: string[] = new Array(span * C);
  for (let i = 0; i < span * C; i++) {
    names[i] = store.channels[i % C];
    keys[i] = String(i);
  }
  return { byName: { ...store, channels: names, touches }, byKey: { ...store, channels: keys, touches }, channels: C, span };
}

/** Per-day totals of a store: conversions, nulls, value and counted rows (those of the day's transition counts), and all rows. */
export interface DayTotals {
  readonly conversions: Float64Array;
  readonly nulls: Float64Array;
  readonly value: Float64Array;
  /** Rows with conversions + nulls > 0. */
  readonly paths: Int32Array;
  /** Every row dated that day. */
  readonly rows: Int32Array;
}

/** The {@link DayTotals} of a store whose paths are dated `day[p]`. */
export function dayTotals(store: PathStore, day: Int32Array, firstDay: number, span: number): DayTotals {
  const conversions = new Float64Array(span);
  const nulls = new Float64Array(span);
  const value = new Float64Array(span);
  const paths = new Int32Array(span);
  const rows = new Int32Array(span);
  for (let p = 0; p < store.pathCount; p++) {
    const d = day[p] - firstDay;
    const c = store.conversions[p];
    const n = store.nulls[p];
    conversions[d] += c;
    nulls[d] += n;
    value[d] += store.value[p];
    rows[d]++;
    if (c + n > 0) paths[d]++;
  }
  return { conversions, nulls, value, paths, rows };
}

/**
 * Splits transition counts over (day, channel) keys into one counter per day
 * over the original channels: each state's keys map back to their channels,
 * each edge goes to its state's day. `totals` gives each day's counted totals.
 */
export function splitCounter(keyed: TransitionCounter, channels: readonly string[], firstDay: number, totals: DayTotals): Map<number, TransitionCounter> {
  const C = channels.length;
  const json = keyed.toJSON();
  const stateDay = new Int32Array(json.states.length);
  const stateLocal = new Int32Array(json.states.length);
  const perDay = new Map<number, { states: number[][]; from: number[]; to: number[]; count: number[]; endValue: number[] }>();
  const dayOf = (d: number) => {
    let x = perDay.get(d);
    if (x === undefined) perDay.set(d, (x = { states: [], from: [], to: [], count: [], endValue: [] }));
    return x;
  };
  json.states.forEach((tuple, t) => {
    const keys = tuple.map((id) => Number(json.channels[id]));
    const d = Math.floor(keys[0] / C);
    const x = dayOf(d);
    stateDay[t] = d;
    stateLocal[t] = x.states.length;
    x.states.push(keys.map((k) => k % C));
    x.endValue.push(json.endValue[t]);
  });
  // Node ids: 0 (start), 1 (conversion), 2 (null), then transient states from 3.
  const FIRST = 3;
  for (let i = 0; i < json.from.length; i++) {
    const f = json.from[i];
    const t = json.to[i];
    const d = f >= FIRST ? stateDay[f - FIRST] : stateDay[t - FIRST];
    const x = dayOf(d);
    x.from.push(f >= FIRST ? stateLocal[f - FIRST] + FIRST : f);
    x.to.push(t >= FIRST ? stateLocal[t - FIRST] + FIRST : t);
    x.count.push(json.count[i]);
  }
  const out = new Map<number, TransitionCounter>();
  for (const [d, x] of perDay) {
    const dayJson: TransitionCounterJSON = {
      format: 'pathcredit.markov.counts',
      version: 1,
      order: json.order,
      collapseRepeats: json.collapseRepeats,
      channels: channels.slice(),
      states: x.states,
      from: x.from,
      to: x.to,
      count: x.count,
      endValue: x.endValue,
      totals: { conversions: totals.conversions[d], nulls: totals.nulls[d], value: totals.value[d], paths: totals.paths[d] },
    };
    out.set(firstDay + d, TransitionCounter.fromJSON(dayJson));
  }
  return out;
}

/** Splits a path table over (day, channel) keys into one table per day over the original channels. */
export function splitSummary(keyed: PathSummary, channels: readonly string[], firstDay: number): Map<number, PathSummary> {
  const C = channels.length;
  const s = keyed.toStore();
  const key = s.channels.map(Number);
  // Paths grouped by day (a path's touches all share its day).
  const byDay = new Map<number, number[]>();
  for (let p = 0; p < s.pathCount; p++) {
    const d = Math.floor(key[s.touches[s.offsets[p]]] / C);
    let list = byDay.get(d);
    if (list === undefined) byDay.set(d, (list = []));
    list.push(p);
  }
  const out = new Map<number, PathSummary>();
  for (const [d, paths] of byDay) {
    const offsets = new Int32Array(paths.length + 1);
    paths.forEach((p, i) => (offsets[i + 1] = offsets[i] + s.offsets[p + 1] - s.offsets[p]));
    const touches = new Uint32Array(offsets[paths.length]);
    paths.forEach((p, i) => {
      for (let k = s.offsets[p], j = offsets[i]; k < s.offsets[p + 1]; k++, j++) touches[j] = key[s.touches[k]] % C;
    });
    const pick = (a: Float64Array) => Float64Array.from(paths, (p) => a[p]);
    const day: PathStore = {
      channels,
      pathCount: paths.length,
      offsets,
      touches,
      times: null,
      conversionTimes: null,
      conversions: pick(s.conversions),
      value: pick(s.value),
      nulls: pick(s.nulls),
      pathJourney: null,
      journeyIds: null,
      touchRows: null,
    };
    out.set(firstDay + d, new PathSummary().add(day));
  }
  return out;
}
