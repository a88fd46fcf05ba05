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

  let order: Int32Array;
  let sortedJourney: Int32Array;
  if (grouped) {
    order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    sortedJourney = journey;
  } else {
    [order, sortedJourney] = radixSortByJourney(journey, cols.journeyIds.length);
  }
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
  // Gather every per-row column in one pass: pack the row's fields side by
  // side (a sequential write), move whole records by the order (one cache miss
  // per row instead of one per column), then unpack (sequential again).
  const fields: (Int32Array | Float64Array)[] = [cols.channel];
  if (time !== null) fields.push(time);
  if (conversionsIn !== null) fields.push(conversionsIn);
  if (valueIn !== null) fields.push(valueIn);
  if (cols.inputRow) fields.push(cols.inputRow);
  const gathered = gatherRecords(fields, order);
  let f = 0;
  const channel = Int32Array.from(gathered[f++]);
  const sortedTime = time !== null ? (gathered[f++] as Float64Array) : null;
  const conversions = conversionsIn !== null ? (gathered[f++] as Float64Array) : null;
  const value = valueIn !== null ? (gathered[f++] as Float64Array) : null;
  const inputRow = cols.inputRow ? Int32Array.from(gathered[f++]) : order;
  if (sortedTime !== null) sortRunsByTime(sortedJourney, sortedTime, order, [channel, conversions, value, cols.inputRow ? inputRow : null]);
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

/** Reorders several columns by `order` at once through an interleaved buffer; returns each column as Float64Array. */
function gatherRecords(fields: (Int32Array | Float64Array)[], order: Int32Array): Float64Array[] {
  const n = order.length;
  const w = fields.length;
  const packed = new Float64Array(n * w);
  for (let f = 0; f < w; f++) {
    const a = fields[f];
    for (let i = 0; i < n; i++) packed[i * w + f] = a[i];
  }
  const moved = new Float64Array(n * w);
  for (let k = 0; k < n; k++) {
    const from = order[k] * w;
    const to = k * w;
    for (let f = 0; f < w; f++) moved[to + f] = packed[from + f];
  }
  const out: Float64Array[] = [];
  for (let f = 0; f < w; f++) {
    const a = new Float64Array(n);
    for (let k = 0; k < n; k++) a[k] = moved[k * w + f];
    out.push(a);
  }
  return out;
}

const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;

/**
 * Stable LSD radix sort of row indexes by journey index, 11 bits per pass.
 * Each pass reads sequentially and scatters into 2,048 buckets, which stays
 * cache-friendly where a one-pass counting sort over a million journeys
 * would miss the cache on nearly every row. Returns the row order and the
 * journey index of each sorted row.
 */
function radixSortByJourney(journey: Int32Array, journeys: number): [Int32Array, Int32Array] {
  const n = journey.length;
  let rows = new Int32Array(n);
  let keys = new Int32Array(n);
  let nextRows = new Int32Array(n);
  let nextKeys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    rows[i] = i;
    keys[i] = journey[i];
  }
  const counts = new Int32Array(RADIX);
  for (let shift = 0; journeys - 1 >>> shift > 0 || shift === 0; shift += RADIX_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & (RADIX - 1)]++;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      const at = counts[(k >>> shift) & (RADIX - 1)]++;
      nextRows[at] = rows[i];
      nextKeys[at] = k;
    }
    [rows, nextRows] = [nextRows, rows];
    [keys, nextKeys] = [nextKeys, keys];
  }
  return [rows, keys];
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
