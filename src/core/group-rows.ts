import type { TouchpointColumns } from './touchpoint-columns.js';
import { sharedFloat64, sharedInt32 } from './shared-arrays.js';
import { ConversionLookup, type SparseConversions } from './sparse-conversions.js';

/**
 * Puts touchpoint columns in journey order: rows grouped by journey (journeys
 * in order of first appearance, stably) and ordered within each journey by
 * timestamp, then sequence number, then, among rows still equal, by the tie
 * rule (see {@link compareTies}) when `channelRank` is given, else by input
 * order. Input already in that order (the common export order) is returned as
 * it is, after one checking pass. Otherwise the rows are moved, without any
 * comparison sort across journeys: a two-level radix sort by journey index
 * carries every column along (see {@link radixByJourney}), then each
 * journey's short run is ordered in place. The result's `rowOrder` tells
 * which input row each position holds, as a row code (see
 * {@link TouchpointColumns.rowOrder}): the conversions travel with their rows
 * that way, so nothing has to look them up by row afterwards.
 *
 * @param channelRank - each channel id's rank in code-point order of the
 *   names (see `channelRanks`), or null to keep input order for ties.
 */
export function groupRows(cols: TouchpointColumns, channelRank: Int32Array | null): TouchpointColumns {
  const n = cols.rowCount;
  const { journey, time, channel } = cols;
  const sequence = cols.sequence ?? null;
  // Without a time or sequence column the input order is the only order there is.
  const ordered = time !== null || sequence !== null;
  const rank = ordered ? channelRank : null;
  const sparse = cols.conversions;
  let lookup: ConversionLookup | null = null;
  // The tie rule in input order (the check below) finds conversions by row.
  const ties = (): TieColumns => {
    const found = (lookup ??= new ConversionLookup(sparse, n));
    return { channel, rank: rank!, sparse, entry: (i) => found.indexOf(i) };
  };
  // Journey indexes are assigned in order of first appearance, so rows are
  // grouped exactly when each new run starts the next unseen journey.
  let grouped = n === 0 || journey[0] === 0;
  let sorted = true;
  let next = 1;
  for (let i = 1; i < n && grouped; i++) {
    const j = journey[i];
    if (j === journey[i - 1]) {
      if (!sorted || !ordered) continue;
      // Inlined comparison of rows i - 1 and i: time, then sequence, then the rule.
      if (time !== null) {
        if (time[i] > time[i - 1]) continue;
        if (time[i] < time[i - 1]) {
          sorted = false;
          continue;
        }
      }
      if (sequence !== null && sequence[i] !== sequence[i - 1]) {
        if (sequence[i] < sequence[i - 1]) sorted = false;
      } else if (rank !== null && compareTies(ties(), i - 1, i) > 0) sorted = false;
    } else if (j === next) next++;
    else grouped = false;
  }
  if (grouped && sorted) return cols;

  const source: Carry = {
    keys: journey,
    rows: null,
    channel,
    time,
    sequence,
    input: cols.inputRow ?? null,
    extras: (cols.attributes ?? []).map((a) => a.values),
  };
  const moved = grouped ? copyCarry(source, n, sparse) : radixByJourney(source, n, cols.journeyIds.length, sparse, cols.reusable === true);
  const codes = moved.rows!;
  if (ordered) {
    const tieColumns: TieColumns | null = rank === null ? null : { channel: moved.channel, rank, sparse, entry: (i) => (codes[i] < 0 ? -codes[i] - 1 : -1) };
    sortRuns(moved, n, tieColumns, sparse);
  }
  return {
    rowCount: n,
    journey: moved.keys,
    journeyIds: cols.journeyIds,
    channel: moved.channel,
    time: moved.time,
    sequence: moved.sequence,
    conversions: sparse,
    ...(cols.attributes ? { attributes: cols.attributes.map((a, k) => ({ ...a, values: moved.extras[k] })) } : {}),
    ...(moved.input !== null ? { inputRow: moved.input } : {}),
    rowOrder: codes,
    // Every moved column is ours: journey building may write over them.
    reusable: true,
  };
}

/** What the tie rule reads of each row. */
interface TieColumns {
  /** Channel per position. */
  readonly channel: Int32Array;
  /** Rank of each channel id in code-point order. */
  readonly rank: Int32Array;
  /** The converting rows. */
  readonly sparse: SparseConversions;
  /** The entry in `sparse` of the row at a position, or -1 when it does not convert. */
  readonly entry: (position: number) => number;
}

/**
 * The tie rule for rows of one journey at the same instant (same timestamp
 * and sequence number), shared with the SQL that engines run, so every route
 * builds the same journeys whatever order the rows arrive in:
 * 1. rows without conversions before rows with conversions (the touches
 *    before the conversion they lead to);
 * 2. rows with a channel before conversion-only rows;
 * 3. channels in Unicode code-point order of their names;
 * 4. conversions ascending, then value ascending.
 * Rows equal on all of these have the same effect on the journeys. Negative
 * when position `a` goes first, 0 when the rule does not order them.
 */
function compareTies(t: TieColumns, a: number, b: number): number {
  const ea = t.entry(a);
  const eb = t.entry(b);
  if ((ea >= 0) !== (eb >= 0)) return ea >= 0 ? 1 : -1;
  const cha = t.channel[a];
  const chb = t.channel[b];
  if (cha !== chb) {
    // A conversion-only row (channel -1) ranks after every channel.
    const ka = cha < 0 ? t.rank.length : t.rank[cha];
    const kb = chb < 0 ? t.rank.length : t.rank[chb];
    if (ka !== kb) return ka - kb;
  }
  if (ea < 0) return 0;
  const { conversions, value } = t.sparse;
  if (conversions[ea] !== conversions[eb]) return conversions[ea] - conversions[eb];
  return value[ea] - value[eb];
}

/** The per-row columns that move together when rows are reordered. */
interface Carry {
  /** Journey index per row. */
  keys: Int32Array;
  /** Row code per row (see TouchpointColumns.rowOrder); null: the input rows in order. */
  rows: Int32Array | null;
  channel: Int32Array;
  time: Float64Array | null;
  sequence: Float64Array | null;
  /** The reader's input-row numbers, when it skipped rows. */
  input: Int32Array | null;
  /** Extra categorical columns (value ids). */
  extras: Int32Array[];
}

// On shared memory: the channel, time and journey columns become the store's (see build-journeys.ts).
function allocateCarry(like: Carry, n: number): Carry {
  return {
    keys: sharedInt32(n),
    rows: sharedInt32(n),
    channel: sharedInt32(n),
    time: like.time && sharedFloat64(n),
    sequence: like.sequence && sharedFloat64(n),
    input: like.input && sharedInt32(n),
    extras: like.extras.map(() => sharedInt32(n)),
  };
}

function copyCarry(src: Carry, n: number, sparse: SparseConversions): Carry {
  const out = allocateCarry(src, n);
  rowCodes(out.rows!, 0, n, sparse);
  out.keys.set(src.keys.subarray(0, n));
  out.channel.set(src.channel.subarray(0, n));
  if (src.time) out.time!.set(src.time.subarray(0, n));
  if (src.sequence) out.sequence!.set(src.sequence.subarray(0, n));
  if (src.input) out.input!.set(src.input.subarray(0, n));
  src.extras.forEach((e, k) => out.extras[k].set(e.subarray(0, n)));
  return out;
}

/** Writes the row code of each input row in [from, to) to `codes` (see TouchpointColumns.rowOrder). */
function rowCodes(codes: Int32Array, from: number, to: number, sparse: SparseConversions): void {
  for (let i = from; i < to; i++) codes[i] = i;
  for (let k = 0; k < sparse.count; k++) codes[sparse.rows[k]] = -k - 1;
}

/**
 * Stable sort of the rows by journey index (0 .. journeys - 1), every column
 * carried along, in two counting passes: the first scatters rows into at most
 * a few thousand buckets by the high bits of the index (sequential reads,
 * few enough write streams for the caches), the second sorts each bucket by
 * the low bits, which stays within the bucket's few megabytes. Measured
 * here, this is several times cheaper than LSD passes with thousands of
 * buckets each, and random gathers through a permutation cost more still.
 *
 * When `reusable`, the second pass writes into the source's own journey,
 * channel and time arrays (the first pass has read them whole by then).
 */
function radixByJourney(src: Carry, n: number, journeys: number, sparse: SparseConversions, reusable: boolean): Carry {
  const bits = Math.max(1, 32 - Math.clz32(Math.max(1, journeys - 1)));
  const lowBits = bits <= 16 ? bits : Math.min(16, bits - 8);
  const highBits = bits - lowBits;
  // The first pass reads the input rows in order: their codes come from a cursor over the converting rows.
  const codes = { rows: sparse.rows, count: sparse.count };
  if (highBits === 0) {
    const out = allocateCarry(src, n);
    countingPass(src, out, 0, n, 0, bits, null, codes);
    return out;
  }
  const tmp = allocateCarry(src, n);
  const starts = new Int32Array((1 << highBits) + 1);
  countingPass(src, tmp, 0, n, lowBits, highBits, starts, codes);
  const out: Carry = reusable
    ? {
        keys: src.keys,
        channel: src.channel,
        time: src.time,
        rows: sharedInt32(n),
        sequence: src.sequence && sharedFloat64(n),
        input: src.input && sharedInt32(n),
        extras: src.extras.map(() => sharedInt32(n)),
      }
    : allocateCarry(src, n);
  for (let d = 0; d < 1 << highBits; d++) {
    if (starts[d + 1] > starts[d]) countingPass(tmp, out, starts[d], starts[d + 1], 0, lowBits, null, null);
  }
  return out;
}

/**
 * One stable counting pass over rows [from, to) of `src` by the `width` bits
 * of the key at `shift`, writing into the same range of `dst`. With
 * `starts`, also records where each digit's rows begin. When `src.rows` is
 * null (the input rows in order), their codes are made on the way from the
 * converting rows in `codes`.
 */
function countingPass(
  src: Carry,
  dst: Carry,
  from: number,
  to: number,
  shift: number,
  width: number,
  starts: Int32Array | null,
  codes: { rows: Int32Array; count: number } | null,
): void {
  const size = 1 << width;
  const mask = size - 1;
  const counts = new Int32Array(size + 1);
  const keys = src.keys;
  // Every loop is a function of its own, each always seeing the same kinds
  // of arrays: a loop inside this function, entered through on-stack
  // replacement on the first (big) call, left optimised code that
  // deoptimised again on each of the hundreds of later (per-bucket) calls.
  bucketStarts(keys, from, to, shift, mask, counts);
  if (starts !== null) starts.set(counts);
  const { sequence, input, extras } = src;
  if (src.rows === null) scatterInputRows(src, dst, from, to, shift, mask, counts, codes ?? NO_CODES);
  else scatterCarried(src, src.rows, dst, from, to, shift, mask, counts);
  if (sequence === null && input === null && extras.length === 0) return;
  counts.fill(0);
  bucketStarts(keys, from, to, shift, mask, counts);
  scatterOptional(src, dst, from, to, shift, mask, counts);
}

/** Counts the rows [from, to) per digit and turns the counts into each digit's first position (`counts[d]`, from `from`). */
function bucketStarts(keys: Int32Array, from: number, to: number, shift: number, mask: number, counts: Int32Array): void {
  for (let i = from; i < to; i++) counts[((keys[i] >>> shift) & mask) + 1]++;
  counts[0] = from;
  for (let d = 0; d <= mask; d++) counts[d + 1] += counts[d];
}

/** The optional columns (sequence, input rows, extras) of a counting pass, to the same positions as the common ones. */
function scatterOptional(src: Carry, dst: Carry, from: number, to: number, shift: number, mask: number, counts: Int32Array): void {
  const { keys, sequence, input, extras } = src;
  for (let i = from; i < to; i++) {
    const at = counts[(keys[i] >>> shift) & mask]++;
    if (sequence !== null) dst.sequence![at] = sequence[i];
    if (input !== null) dst.input![at] = input[i];
    for (let e = 0; e < extras.length; e++) dst.extras[e][at] = extras[e][i];
  }
}

/** No converting rows. */
const NO_CODES = { rows: new Int32Array(0), count: 0 };

/** The common columns of a counting pass over the input rows in order (their row codes made from the converting rows in `codes`). */
function scatterInputRows(
  src: Carry,
  dst: Carry,
  from: number,
  to: number,
  shift: number,
  mask: number,
  counts: Int32Array,
  codes: { rows: Int32Array; count: number },
): void {
  const { keys, channel, time } = src;
  const oKeys = dst.keys;
  const oRows = dst.rows!;
  const oChannel = dst.channel;
  const oTime = dst.time;
  const converting = codes.rows;
  const convertingCount = codes.count;
  let entry = 0;
  let nextConverting = convertingCount > 0 ? converting[0] : -1;
  for (let i = from; i < to; i++) {
    const k = keys[i];
    const at = counts[(k >>> shift) & mask]++;
    oKeys[at] = k;
    if (i !== nextConverting) oRows[at] = i;
    else {
      oRows[at] = -entry - 1;
      entry++;
      nextConverting = entry < convertingCount ? converting[entry] : -1;
    }
    oChannel[at] = channel[i];
    if (time !== null) oTime![at] = time[i];
  }
}

/** The common columns of a counting pass over rows that carry their row codes in `rows`. */
function scatterCarried(src: Carry, rows: Int32Array, dst: Carry, from: number, to: number, shift: number, mask: number, counts: Int32Array): void {
  const { keys, channel, time } = src;
  const oKeys = dst.keys;
  const oRows = dst.rows!;
  const oChannel = dst.channel;
  const oTime = dst.time;
  for (let i = from; i < to; i++) {
    const k = keys[i];
    const at = counts[(k >>> shift) & mask]++;
    oKeys[at] = k;
    oRows[at] = rows[i];
    oChannel[at] = channel[i];
    if (time !== null) oTime![at] = time[i];
  }
}

/**
 * Orders each journey's run by time, then sequence number, then the tie rule
 * (when `ties` is given), then input row, in place, moving every column.
 * Runs are short and contiguous, so this is local work; a run already in
 * order is only checked.
 */
function sortRuns(c: Carry, n: number, ties: TieColumns | null, sparse: SparseConversions): void {
  const { keys, time, sequence } = c;
  const codes = c.rows!;
  const channel = c.channel;
  const input = c.input;
  // Input order last: a row code decodes to the input row.
  const inputRowOf = (x: number): number => (codes[x] >= 0 ? codes[x] : sparse.rows[-codes[x] - 1]);
  const before = (x: number, y: number): boolean => {
    if (time !== null && time[x] !== time[y]) return time[x] < time[y];
    if (sequence !== null && sequence[x] !== sequence[y]) return sequence[x] < sequence[y];
    if (ties !== null) {
      const r = compareTies(ties, x, y);
      if (r !== 0) return r < 0;
    }
    return inputRowOf(x) < inputRowOf(y);
  };
  let idx = new Int32Array(64);
  let floats = new Float64Array(64);
  let ints = new Int32Array(64);
  // With only times, row codes and channels to move (the usual columns), a
  // short run is sorted in place by swapping neighbours: shuffled input makes
  // nearly every run out of order, and this skips the positions array and the
  // per-column gathers. The tie rule reads the same (swapped) columns.
  const inPlace = time !== null && sequence === null && input === null && c.extras.length === 0;
  let a = 0;
  while (a < n) {
    let b = a + 1;
    if (inPlace) {
      while (b < n && keys[b] === keys[a]) b++;
      if (b - a <= 32) {
        for (let i = a + 1; i < b; i++) {
          for (let k = i; k > a && before(k, k - 1); k--) {
            const t = time[k];
            time[k] = time[k - 1];
            time[k - 1] = t;
            const r = codes[k];
            codes[k] = codes[k - 1];
            codes[k - 1] = r;
            const ch = channel[k];
            channel[k] = channel[k - 1];
            channel[k - 1] = ch;
          }
        }
        a = b;
        continue;
      }
    }
    let inOrder = true;
    for (let i = a + 1; i < b && inOrder; i++) if (before(i, i - 1)) inOrder = false;
    while (b < n && keys[b] === keys[a]) {
      if (inOrder && before(b, b - 1)) inOrder = false;
      b++;
    }
    if (!inOrder) {
      const len = b - a;
      if (idx.length < len) {
        idx = new Int32Array(len * 2);
        floats = new Float64Array(len * 2);
        ints = new Int32Array(len * 2);
      }
      for (let i = 0; i < len; i++) idx[i] = a + i;
      if (len > 32) {
        // Long runs (a bot's thousands of events): a stable O(n log n) sort.
        idx.set(Array.from(idx.subarray(0, len)).sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0)));
      } else {
        // Insertion sort of positions: stable and fast for short runs.
        for (let i = 1; i < len; i++) {
          const p = idx[i];
          let k = i - 1;
          while (k >= 0 && before(p, idx[k])) {
            idx[k + 1] = idx[k];
            k--;
          }
          idx[k + 1] = p;
        }
      }
      // One monomorphic move per column type (a loop over mixed arrays is several times slower).
      if (time !== null) permuteFloats(time, a, idx, len, floats);
      if (sequence !== null) permuteFloats(sequence, a, idx, len, floats);
      permuteInts(codes, a, idx, len, ints);
      permuteInts(channel, a, idx, len, ints);
      if (input !== null) permuteInts(input, a, idx, len, ints);
      for (const extra of c.extras) permuteInts(extra, a, idx, len, ints);
    }
    a = b;
  }
}

/** Reorders `col[a, a + len)` to `col[idx[0]], col[idx[1]], ...`. */
function permuteInts(col: Int32Array, a: number, idx: Int32Array, len: number, scratch: Int32Array): void {
  for (let i = 0; i < len; i++) scratch[i] = col[idx[i]];
  for (let i = 0; i < len; i++) col[a + i] = scratch[i];
}

/** {@link permuteInts} for floats. */
function permuteFloats(col: Float64Array, a: number, idx: Int32Array, len: number, scratch: Float64Array): void {
  for (let i = 0; i < len; i++) scratch[i] = col[idx[i]];
  for (let i = 0; i < len; i++) col[a + i] = scratch[i];
}
