import { PathCreditError } from '../errors.js';
import type { PathStore, UnattributedConversions } from '../types.js';
import type { ChannelDictionary } from './channel-dictionary.js';
import { growInt32 } from './growable.js';
import { PathStoreBuilder } from './path-store-builder.js';
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
  const builder = new PathStoreBuilder({
    dictionary,
    withTimes: time !== null,
    withJourneys: true,
    touchCapacity: n,
    pathCapacity: Math.max(16, cols.journeyIds.length),
  });
  const lookback = options.lookbackMs ?? Infinity;
  const maxTouches = options.maxTouches ?? Infinity;
  const open = growInt32(64); // rows of the open path's touches
  let unEvents = 0;
  let unConversions = 0;
  let unValue = 0;

  const flush = (j: number, c: number, v: number, nulls: number, endTime: number, hasEnd: boolean) => {
    const rows = open.data;
    let first = 0;
    const last = open.length;
    if (time !== null && lookback !== Infinity) {
      const end = hasEnd ? endTime : time[rows[last - 1]];
      while (first < last && time[rows[first]] < end - lookback) first++;
    }
    if (last - first > maxTouches) first = last - maxTouches;
    if (first === last) {
      if (c > 0) {
        unEvents++;
        unConversions += c;
        unValue += v;
      }
      open.length = 0;
      return;
    }
    for (let k = first; k < last; k++) {
      const r = rows[k];
      builder.addTouch(channel[r], time === null ? NaN : time[r], cols.inputRow ? cols.inputRow[r] : r);
    }
    builder.endPath(c, v, nulls, hasEnd ? endTime : NaN, j);
    open.length = 0;
  };

  let current = -1;
  for (let k = 0; k < n; k++) {
    const r = order === null ? k : order[k];
    const j = journey[r];
    if (j !== current) {
      if (open.length > 0) flush(current, 0, 0, 1, NaN, false);
      current = j;
    }
    const ch = channel[r];
    const c = conv === null ? 0 : conv[r];
    if (ch >= 0) open.push(r);
    else if (c === 0) {
      skips.reject(
        new PathCreditError('a row needs a channel or conversions > 0', {
          file: labels.file,
          row: cols.inputRow ? cols.inputRow[r] : r,
          column: labels.channel,
          value: '',
        }),
      );
      continue;
    }
    if (c > 0) flush(j, c, val === null ? 0 : val[r], 0, time === null ? NaN : time[r], time !== null);
  }
  if (open.length > 0) flush(current, 0, 0, 1, NaN, false);

  const unattributed: UnattributedConversions | undefined =
    unEvents > 0 ? { events: unEvents, conversions: unConversions, value: unValue } : undefined;
  const store = builder.build({ journeyIds: cols.journeyIds, skipped: skips.report() });
  return unattributed ? { ...store, unattributed } : store;
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
