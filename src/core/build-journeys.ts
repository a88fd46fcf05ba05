import { PathCreditError } from '../errors.js';
import type { PathStore, UnattributedConversions } from '../types.js';
import type { ChannelDictionary } from './channel-dictionary.js';
import { growFloat64, growInt32 } from './growable.js';
import type { SkipLog } from './skip-log.js';

/**
 * Touchpoint rows already encoded to typed arrays (by the Arrow, CSV or JS
 * readers), ready for journey building. Row `i` is one event.
 */
export interface TouchpointColumns {
  /** Number of rows. */
  readonly rowCount: number;
  /** Dense journey index per row (0 .. journeyIds.length - 1). */
  readonly journey: Int32Array;
  /** Journey id by journey index, in order of first appearance. */
  readonly journeyIds: readonly (string | number)[];
  /** Channel id per row, or -1 for a row without a channel (a conversion event on its own). */
  readonly channel: Int32Array;
  /** Event time per row in epoch ms, or null when the input has no timestamp column. */
  readonly time: Float64Array | null;
  /** Conversions per row, or null when the input has no conversions column (all zero). */
  readonly conversions: Float64Array | null;
  /** Value per row, or null when the input has no value column (all zero). */
  readonly value: Float64Array | null;
  /** Input row number per row, when rows were skipped while reading (else row i is input row i). */
  readonly inputRow?: Int32Array;
}

/** Options of journey building (see the data model in the docs). */
export interface JourneyOptions {
  /** Drop touches older than this many milliseconds before the conversion (or the journey end for null paths). */
  readonly lookbackMs?: number;
  /** Keep only the last N touches of each path. */
  readonly maxTouches?: number;
}

/**
 * Builds paths from touchpoint rows: group by journey, sort by time (stable),
 * cut after every conversion, and turn the touches after the last conversion
 * into one null path. Rows that arrive grouped and time-ordered are used in
 * place; otherwise a stable counting sort by journey and a per-journey sort
 * by time give the order.
 *
 * @throws PathCreditError when a row has neither a channel nor a conversion.
 */
export function buildJourneys(
  cols: TouchpointColumns,
  dictionary: ChannelDictionary,
  options: JourneyOptions,
  skips: SkipLog,
  labels: { channel: string; file?: string },
): PathStore {
  const n = cols.rowCount;
  const { journey, channel, time } = cols;
  const conv = cols.conversions;
  const val = cols.value;
  const order = orderRows(cols);
  const lookback = options.lookbackMs ?? Infinity;
  const maxTouches = options.maxTouches ?? Infinity;
  const trims = lookback !== Infinity || maxTouches !== Infinity;
  // Touches never outnumber rows: per-touch outputs are allocated once at
  // full size and written in place; per-path outputs grow (paths are fewer).
  const touches = new Uint32Array(n);
  const touchTimes = time === null ? null : new Float64Array(n);
  const touchRows = new Int32Array(n);
  const offsets = growInt32(Math.max(16, cols.journeyIds.length + 1));
  offsets.push(0);
  const pathConv = growFloat64(cols.journeyIds.length);
  const pathValue = growFloat64(cols.journeyIds.length);
  const pathNulls = growFloat64(cols.journeyIds.length);
  const convTimes = time === null ? null : growFloat64(cols.journeyIds.length);
  const pathJourney = growInt32(cols.journeyIds.length);
  let unEvents = 0;
  let unConversions = 0;
  let unValue = 0;
  const inputRow = cols.inputRow ?? null;

  // Drops touches outside the lookback window or beyond maxTouches from the
  // open path touches[open, t) and returns the new end. Only called when a
  // window or cap is set, so the common case pays nothing.
  const trim = (open: number, t: number, endTime: number): number => {
    let first = open;
    if (time !== null && lookback !== Infinity) {
      const end = endTime === endTime ? endTime : touchTimes![t - 1];
      while (first < t && touchTimes![first] < end - lookback) first++;
    }
    if (t - first > maxTouches) first = t - maxTouches;
    if (first === open) return t;
    touches.copyWithin(open, first, t);
    touchRows.copyWithin(open, first, t);
    if (touchTimes) touchTimes.copyWithin(open, first, t);
    return t - (first - open);
  };
  const endPath = (t: number, j: number, c: number, v: number, nulls: number, endTime: number): void => {
    offsets.push(t);
    pathConv.push(c);
    pathValue.push(v);
    pathNulls.push(nulls);
    if (convTimes) convTimes.push(endTime);
    pathJourney.push(j);
  };

  // The hot loop keeps t (touches written) and open (start of the open path)
  // in locals; closing a path is rare compared with adding a touch.
  let t = 0;
  let open = 0;
  let current = -1;
  for (let k = 0; k < n; k++) {
    const r = order === null ? k : order[k];
    const j = journey[r];
    if (j !== current) {
      if (t > open) {
        if (trims) t = trim(open, t, NaN);
        endPath(t, current, 0, 0, 1, NaN);
        open = t;
      }
      current = j;
    }
    const ch = channel[r];
    const c = conv === null ? 0 : conv[r];
    if (ch >= 0) {
      touches[t] = ch;
      touchRows[t] = inputRow === null ? r : inputRow[r];
      if (touchTimes !== null) touchTimes[t] = time![r];
      t++;
    } else if (c === 0) {
      skips.reject(
        new PathCreditError('a row needs a channel or conversions > 0', {
          file: labels.file,
          row: inputRow === null ? r : inputRow[r],
          column: labels.channel,
          value: '',
        }),
      );
      continue;
    }
    if (c > 0) {
      const v = val === null ? 0 : val[r];
      const at = time === null ? NaN : time[r];
      if (trims) t = trim(open, t, at);
      if (t > open) {
        endPath(t, j, c, v, 0, at);
        open = t;
      } else {
        unEvents++;
        unConversions += c;
        unValue += v;
      }
    }
  }
  if (t > open) {
    if (trims) t = trim(open, t, NaN);
    endPath(t, current, 0, 0, 1, NaN);
  }

  const pathCount = offsets.length - 1;
  const store: PathStore = {
    channels: dictionary.names.slice(),
    pathCount,
    offsets: offsets.finish(),
    // Views, not copies: the tail beyond `t` is unused (rows that were not touches).
    touches: touches.subarray(0, t),
    times: touchTimes ? touchTimes.subarray(0, t) : null,
    conversionTimes: convTimes ? convTimes.finish() : null,
    conversions: pathConv.finish(),
    value: pathValue.finish(),
    nulls: pathNulls.finish(),
    pathJourney: pathJourney.finish(),
    journeyIds: cols.journeyIds,
    touchRows: touchRows.subarray(0, t),
  };
  const skipped = skips.report();
  const unattributed: UnattributedConversions | undefined =
    unEvents > 0 ? { events: unEvents, conversions: unConversions, value: unValue } : undefined;
  return { ...store, ...(skipped ? { skipped } : {}), ...(unattributed ? { unattributed } : {}) };
}

/**
 * Returns null when rows are already grouped by journey and time-ordered
 * within each journey (the common export order), else a permutation that is.
 */
function orderRows(cols: TouchpointColumns): Int32Array | null {
  const n = cols.rowCount;
  const { journey, time } = cols;
  const journeys = cols.journeyIds.length;
  // Journey indexes are assigned in order of first appearance, so rows are
  // grouped exactly when each new run starts the next unseen journey.
  let grouped = true;
  let sorted = true;
  let next = 0;
  for (let i = 0; i < n; i++) {
    const j = journey[i];
    if (i > 0 && j === journey[i - 1]) {
      if (time !== null && time[i] < time[i - 1]) sorted = false;
    } else if (j === next) next++;
    else {
      grouped = false;
      break;
    }
  }
  if (grouped && sorted) return null;

  // Stable counting sort by journey index.
  const order = new Int32Array(n);
  if (grouped) for (let i = 0; i < n; i++) order[i] = i;
  else {
    const start = new Int32Array(journeys + 1);
    for (let i = 0; i < n; i++) start[journey[i] + 1]++;
    for (let j = 0; j < journeys; j++) start[j + 1] += start[j];
    for (let i = 0; i < n; i++) order[start[journey[i]]++] = i;
  }
  if (time === null) return order;

  // Stable sort by time within each journey run.
  let a = 0;
  while (a < n) {
    let b = a + 1;
    let inOrder = true;
    while (b < n && journey[order[b]] === journey[order[a]]) {
      if (time[order[b]] < time[order[b - 1]]) inOrder = false;
      b++;
    }
    if (!inOrder) sortRunByTime(order, a, b, time);
    a = b;
  }
  return order;
}

function sortRunByTime(order: Int32Array, a: number, b: number, time: Float64Array): void {
  if (b - a <= 32) {
    // Insertion sort: stable, and fastest for the short runs journeys have.
    for (let i = a + 1; i < b; i++) {
      const r = order[i];
      const t = time[r];
      let k = i - 1;
      while (k >= a && time[order[k]] > t) {
        order[k + 1] = order[k];
        k--;
      }
      order[k + 1] = r;
    }
    return;
  }
  const run = Array.from(order.subarray(a, b));
  run.sort((x, y) => time[x] - time[y] || x - y);
  order.set(run, a);
}
