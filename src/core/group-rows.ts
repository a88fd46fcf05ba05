import type { TouchpointColumns } from './build-journeys.js';

/**
 * Puts touchpoint columns in journey order: rows grouped by journey (journeys
 * in order of first appearance) and time-ordered within each journey, both
 * stably. Input that is already in that order (the common export order) is
 * returned as it is; otherwise every column is gathered once into the new
 * order, so journey building then reads memory sequentially instead of
 * chasing a permutation (random reads across several arrays cost far more
 * than one gather per array, whose loads the CPU can overlap).
 */
export function groupRows(cols: TouchpointColumns): TouchpointColumns {
  const n = cols.rowCount;
  const { journey, time } = cols;
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
  if (grouped && sorted) return cols;

  // Sparse conversions (a reader's compact form) are spread out to columns so they move with their rows.
  let conversionsIn = cols.conversions;
  let valueIn = cols.value;
  if (conversionsIn === null && valueIn === null && cols.sparse !== undefined) {
    conversionsIn = new Float64Array(n);
    valueIn = new Float64Array(n);
    const sp = cols.sparse;
    for (let i = 0; i < sp.count; i++) {
      conversionsIn[sp.rows[i]] = sp.conversions[i];
      valueIn[sp.rows[i]] = sp.value[i];
    }
  }
  const source: RowColumns = {
    rows: null,
    keys: journey,
    channel: cols.channel,
    time,
    conversions: conversionsIn,
    value: valueIn,
    input: cols.inputRow ?? null,
  };
  // Grouped but not time-ordered: copy once (the run sort below works in place).
  const sorted_ = grouped ? copyColumns(source, n) : radixSortByJourney(source, n, cols.journeyIds.length);
  const order = sorted_.rows!;
  const sortedJourney = sorted_.keys;
  const channel = sorted_.channel;
  const sortedTime = sorted_.time;
  const conversions = sorted_.conversions;
  const value = sorted_.value;
  const inputRow = sorted_.input ?? order;
  if (sortedTime !== null) sortRunsByTime(sortedJourney, sortedTime, order, [channel, conversions, value, sorted_.input]);
  return {
    // Fresh arrays (journey only when it was gathered): journey building may write over them.
    reusable: sortedJourney !== journey || cols.reusable === true,
    rowCount: n,
    journey: sortedJourney,
    journeyIds: cols.journeyIds,
    channel,
    time: sortedTime,
    conversions,
    value,
    inputRow,
  };
}

const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;

/** The per-row columns that move together when rows are reordered. */
interface RowColumns {
  /** Input position of each row (null: the identity). */
  rows: Int32Array | null;
  keys: Int32Array;
  channel: Int32Array;
  time: Float64Array | null;
  conversions: Float64Array | null;
  value: Float64Array | null;
  input: Int32Array | null;
}

function allocateColumns(like: RowColumns, n: number): RowColumns {
  return {
    rows: new Int32Array(n),
    keys: new Int32Array(n),
    channel: new Int32Array(n),
    time: like.time && new Float64Array(n),
    conversions: like.conversions && new Float64Array(n),
    value: like.value && new Float64Array(n),
    input: like.input && new Int32Array(n),
  };
}

function copyColumns(src: RowColumns, n: number): RowColumns {
  const out = allocateColumns(src, n);
  for (let i = 0; i < n; i++) out.rows![i] = i;
  out.keys.set(src.keys.subarray(0, n));
  out.channel.set(src.channel.subarray(0, n));
  if (src.time) out.time!.set(src.time.subarray(0, n));
  if (src.conversions) out.conversions!.set(src.conversions.subarray(0, n));
  if (src.value) out.value!.set(src.value.subarray(0, n));
  if (src.input) out.input!.set(src.input.subarray(0, n));
  return out;
}

/**
 * Stable LSD radix sort of the rows by journey index, 11 bits per pass,
 * carrying every column along. Each pass reads its columns sequentially and
 * writes them into 2,048 bucket streams, so no pass chases a random
 * permutation (random reads over hundreds of MB cost a cache and a TLB miss
 * per row, which dominated a sort-then-gather design).
 */
function radixSortByJourney(source: RowColumns, n: number, journeys: number): RowColumns {
  let src = source;
  let dst = allocateColumns(source, n);
  const counts = new Int32Array(RADIX);
  for (let shift = 0; shift === 0 || (journeys - 1) >>> shift > 0; shift += RADIX_BITS) {
    counts.fill(0);
    const keys = src.keys;
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & (RADIX - 1)]++;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    const { rows, channel, time, conversions, value, input } = src;
    const out = dst;
    const oRows = out.rows!;
    const oKeys = out.keys;
    const oChannel = out.channel;
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      const at = counts[(k >>> shift) & (RADIX - 1)]++;
      oKeys[at] = k;
      oRows[at] = rows === null ? i : rows[i];
      oChannel[at] = channel[i];
      if (time !== null) out.time![at] = time[i];
      if (conversions !== null) out.conversions![at] = conversions[i];
      if (value !== null) out.value![at] = value[i];
      if (input !== null) out.input![at] = input[i];
    }
    // Ping-pong between two allocated sets; the caller's columns are only read.
    const previous = src;
    src = dst;
    dst = previous === source ? allocateColumns(source, n) : previous;
  }
  return src;
}

/**
 * Sorts each journey's run by time, stably (ties keep input row order, held
 * in `order`), moving `order` and the other columns along. Runs are short and
 * contiguous, so this is local work after the gather.
 */
function sortRunsByTime(journey: Int32Array, time: Float64Array, order: Int32Array, others: (Int32Array | Float64Array | null)[]): void {
  const n = journey.length;
  const columns = [time, order, ...others.filter((c): c is Int32Array | Float64Array => c !== null)];
  let idx = new Int32Array(64);
  let scratch = new Float64Array(64);
  let a = 0;
  while (a < n) {
    let b = a + 1;
    let inOrder = true;
    while (b < n && journey[b] === journey[a]) {
      if (time[b] < time[b - 1]) inOrder = false;
      b++;
    }
    if (!inOrder) {
      const len = b - a;
      if (idx.length < len) {
        idx = new Int32Array(len * 2);
        scratch = new Float64Array(len * 2);
      }
      for (let i = 0; i < len; i++) idx[i] = a + i;
      // Insertion sort of positions by (time, input row): stable and fast for short runs.
      for (let i = 1; i < len; i++) {
        const p = idx[i];
        let k = i - 1;
        while (k >= 0 && (time[idx[k]] > time[p] || (time[idx[k]] === time[p] && order[idx[k]] > order[p]))) {
          idx[k + 1] = idx[k];
          k--;
        }
        idx[k + 1] = p;
      }
      for (const col of columns) {
        for (let i = 0; i < len; i++) scratch[i] = col[idx[i]];
        for (let i = 0; i < len; i++) col[a + i] = scratch[i];
      }
    }
    a = b;
  }
}
