import { PathCreditError } from '../errors.js';
import { dropUnusedValues } from './attributes.js';
import { groupRows } from './group-rows.js';
import { leading, sharedCopy, sharedFloat64, sharedInt32, sharedUint32 } from './shared-arrays.js';
import type { PathStore, UnattributedConversions } from '../types.js';
import type { ChannelDictionary } from './channel-dictionary.js';
import type { SkipLog } from './skip-log.js';
import type { TouchpointColumns } from './touchpoint-columns.js';

export type { RowAttribute, TouchpointColumns } from './touchpoint-columns.js';

/** Options of journey building (see the data model in the docs). */
export interface JourneyOptions {
  /** Drop touches older than this many milliseconds before the conversion (or the journey end for null paths). */
  readonly lookbackMs?: number;
  /** Keep only the last N touches of each path. */
  readonly maxTouches?: number;
  /**
   * How rows of one journey with the same timestamp (and sequence number) are
   * ordered: `'rule'` (default) by the rule in {@link compareTies}, which SQL
   * engines can apply too, so every route builds the same journeys whatever
   * the input order; `'input'` keeps their input order.
   */
  readonly tieOrder?: TieOrder;
}

/** See {@link JourneyOptions.tieOrder}. */
export type TieOrder = 'rule' | 'input';

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
  input: TouchpointColumns,
  dictionary: ChannelDictionary,
  options: JourneyOptions,
  skips: SkipLog,
  labels: { channel: string; file?: string },
): PathStore {
  // Rows out of journey order are put in order first (one gather per column),
  // so everything below reads the columns sequentially.
  const cols = groupRows(input, options.tieOrder === 'input' ? null : channelRanks(dictionary));
  const n = cols.rowCount;
  const { journey, channel, time } = cols;
  const sparse = cols.conversions;
  // Rows in reader order walk the converting rows with a cursor; reordered
  // rows carry their entry in their row code.
  const rowOrder = cols.rowOrder ?? null;
  const sparseRows = sparse.rows;
  let cursor = 0;
  let nextConverting = rowOrder === null && sparse.count > 0 ? sparseRows[0] : -1;
  const lookback = options.lookbackMs ?? Infinity;
  const maxTouches = options.maxTouches ?? Infinity;
  const trims = lookback !== Infinity || maxTouches !== Infinity;
  // Touches never outnumber rows: per-touch outputs are allocated once at
  // full size (or are the input columns themselves, see `reusable`) and
  // written in place; per-path outputs grow (paths are fewer).
  const inPlace = cols.reusable === true;
  const touches = inPlace ? new Uint32Array(channel.buffer, channel.byteOffset, n) : sharedUint32(n);
  const touchTimes = time === null ? null : inPlace ? time : sharedFloat64(n);
  const touchRows = inPlace ? journey : sharedInt32(n);
  // Extra columns: each touch's value (in place, like the channels), and each path's from its closing row.
  const attributes = cols.attributes ?? [];
  const attrIn = attributes.map((a) => a.values);
  const attrTouch = attributes.map((a) => (inPlace ? a.values : sharedInt32(n)));
  // Paths are at most one per journey (its null path) plus one per converting row.
  const maxPaths = cols.journeyIds.length + sparse.count;
  const paths = new PathColumns(maxPaths, time !== null, attributes.length);
  let unEvents = 0;
  let unConversions = 0;
  let unValue = 0;
  const inputRow = cols.inputRow ?? null;
  const ignoreEmpty = input.emptyRows === 'ignore';
  let ignored = 0;

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
    for (const a of attrTouch) a.copyWithin(open, first, t);
    return t - (first - open);
  };
  // A path's extra values: those of its closing row (`row`), or of its last touch (row -1).
  const endPath = (t: number, j: number, c: number, v: number, nulls: number, endTime: number, row: number): void => {
    const k = paths.count;
    paths.add(t, j, c, v, nulls, endTime);
    for (let a = 0; a < attributes.length; a++) paths.attributes[a][k] = row >= 0 ? attrIn[a][row] : attrTouch[a][t - 1];
  };

  // The hot loop keeps t (touches written) and open (start of the open path)
  // in locals; closing a path is rare compared with adding a touch.
  let t = 0;
  let open = 0;
  let current = -1;
  for (let k = 0; k < n; k++) {
    const r = k;
    const j = journey[r];
    if (j !== current) {
      if (t > open) {
        if (trims) t = trim(open, t, NaN);
        endPath(t, current, 0, 0, 1, NaN, -1);
        open = t;
      }
      current = j;
    }
    const ch = channel[r];
    let c = 0;
    let v = 0;
    // The input row, for per-touch joins and messages.
    let row = r;
    if (rowOrder === null) {
      if (r === nextConverting) {
        c = sparse.conversions[cursor];
        v = sparse.value[cursor];
        cursor++;
        nextConverting = cursor < sparse.count ? sparseRows[cursor] : -1;
      }
    } else {
      const code = rowOrder[r];
      if (code >= 0) row = code;
      else {
        c = sparse.conversions[-code - 1];
        v = sparse.value[-code - 1];
        row = sparseRows[-code - 1];
      }
    }
    if (inputRow !== null) row = inputRow[r];
    if (ch >= 0) {
      touches[t] = ch;
      touchRows[t] = row;
      if (touchTimes !== null) touchTimes[t] = time![r];
      for (let a = 0; a < attrTouch.length; a++) attrTouch[a][t] = attrIn[a][r];
      t++;
    } else if (c === 0) {
      if (ignoreEmpty) {
        ignored++;
        continue;
      }
      skips.reject(
        new PathCreditError('a row needs a channel or conversions > 0', {
          file: labels.file,
          row,
          column: labels.channel,
          value: '',
        }),
      );
      continue;
    }
    if (c > 0) {
      const at = time === null ? NaN : time[r];
      if (trims) t = trim(open, t, at);
      if (t > open) {
        endPath(t, j, c, v, 0, at, r);
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
    endPath(t, current, 0, 0, 1, NaN, -1);
  }

  const pathCount = paths.count;
  const store: PathStore = {
    channels: dictionary.names.slice(),
    pathCount,
    offsets: leading(paths.offsets, pathCount + 1),
    // Views, not copies: the tail beyond `t` is unused (rows that were not touches).
    touches: touches.subarray(0, t),
    times: touchTimes ? touchTimes.subarray(0, t) : null,
    conversionTimes: paths.times ? leading(paths.times, pathCount) : null,
    conversions: leading(paths.conv, pathCount),
    value: leading(paths.value, pathCount),
    nulls: leading(paths.nulls, pathCount),
    pathJourney: leading(paths.journey, pathCount),
    journeyIds: cols.journeyIds,
    touchRows: touchRows.subarray(0, t),
    ...(attributes.length > 0
      ? {
          attributes: attributes.map((a, k) =>
            dropUnusedValues({ column: a.column, names: a.names.slice(), touch: attrTouch[k].subarray(0, t), path: leading(paths.attributes[k], pathCount) }),
          ),
        }
      : {}),
  };
  const skipped = skips.report();
  const unattributed: UnattributedConversions | undefined =
    unEvents > 0 ? { events: unEvents, conversions: unConversions, value: unValue } : undefined;
  return { ...store, ...(skipped ? { skipped } : {}), ...(unattributed ? { unattributed } : {}), ...(ignored > 0 ? { ignoredRows: ignored } : {}) };
}

/**
 * Each channel's rank in Unicode code-point order of the names (the order of
 * their UTF-8 bytes, which SQL engines use under a binary collation), for the
 * tie rule.
 */
export function channelRanks(dictionary: ChannelDictionary): Int32Array {
  const names = dictionary.names;
  const order = names.map((_, i) => i).sort((a, b) => compareCodePoints(names[a], names[b]));
  const rank = new Int32Array(names.length);
  for (let r = 0; r < order.length; r++) rank[order[r]] = r;
  return rank;
}

/**
 * Compares two strings by Unicode code points (= their UTF-8 bytes).
 * JavaScript's `<` compares UTF-16 code units, which puts characters beyond
 * U+FFFF (surrogate pairs) before U+E000..U+FFFF; this does not.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // A surrogate starts a code point above U+FFFF: greater than any other unit.
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * The per-path outputs, written straight into typed arrays: one capacity
 * check per path, and monomorphic stores (a Growable's shared `push` sees
 * arrays of several types).
 */
class PathColumns {
  count = 0;
  offsets: Int32Array;
  conv: Float64Array;
  value: Float64Array;
  nulls: Float64Array;
  times: Float64Array | null;
  journey: Int32Array;
  /** Each path's value of each extra column (written by the caller after `add`). */
  attributes: Int32Array[];

  constructor(capacity: number, withTimes: boolean, attributeCount: number) {
    const size = Math.max(16, capacity);
    this.offsets = sharedInt32(size + 1);
    this.conv = sharedFloat64(size);
    this.value = sharedFloat64(size);
    this.nulls = sharedFloat64(size);
    this.times = withTimes ? sharedFloat64(size) : null;
    this.journey = sharedInt32(size);
    this.attributes = Array.from({ length: attributeCount }, () => sharedInt32(size));
  }

  /** Closes a path ending at touch `t`. */
  add(t: number, j: number, c: number, v: number, nulls: number, endTime: number): void {
    const k = this.count;
    if (k === this.journey.length) this.#grow();
    this.offsets[k + 1] = t;
    this.conv[k] = c;
    this.value[k] = v;
    this.nulls[k] = nulls;
    if (this.times !== null) this.times[k] = endTime;
    this.journey[k] = j;
    this.count = k + 1;
  }

  #grow(): void {
    const size = this.journey.length * 2;
    this.offsets = widen(this.offsets, size + 1);
    this.conv = widen(this.conv, size);
    this.value = widen(this.value, size);
    this.nulls = widen(this.nulls, size);
    if (this.times !== null) this.times = widen(this.times, size);
    this.journey = widen(this.journey, size);
    this.attributes = this.attributes.map((a) => widen(a, size));
  }
}

function widen<T extends Int32Array | Float64Array>(a: T, size: number): T {
  return sharedCopy(a, size);
}

