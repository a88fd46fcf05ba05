import type { TouchpointColumns } from './build-journeys.js';

/**
 * Puts touchpoint columns in journey order: rows grouped by journey (journeys
 * in order of first appearance, stably) and ordered within each journey by
 * timestamp, then sequence number, then, among rows still equal, by the tie
 * rule (see {@link compareTies}) when `channelRank` is given, else by input
 * order. Input that is already in that order (the common export order) is
 * returned as it is; otherwise every column is gathered once into the new
 * order, so journey building then reads memory sequentially instead of
 * chasing a permutation (random reads across several arrays cost far more
 * than one gather per array, whose loads the CPU can overlap).
 *
 * @param channelRank - each channel id's rank in code-point order of the
 *   names (see `channelRanks`), or null to keep input order for ties.
 */
export function groupRows(cols: TouchpointColumns, channelRank: Int32Array | null): TouchpointColumns {
  const n = cols.rowCount;
  const { journey, time } = cols;
  const sequence = cols.sequence ?? null;
  // Without a time or sequence column the input order is the only order there is.
  const ordered = time !== null || sequence !== null;
  const ties = ordered && channelRank !== null ? denseTieColumns(cols, channelRank) : null;
  // Journey indexes are assigned in order of first appearance, so rows are
  // grouped exactly when each new run starts the next unseen journey.
  let grouped = true;
  let sorted = true;
  let next = 0;
  for (let i = 0; i < n; i++) {
    const j = journey[i];
    if (i > 0 && j === journey[i - 1]) {
      if (sorted && ordered && compareKeys(time, sequence, ties, i - 1, i) > 0) sorted = false;
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
    sequence,
    conversions: conversionsIn,
    value: valueIn,
    input: cols.inputRow ?? null,
  };
  // Grouped but not in order within journeys: copy once (the run sort below works in place).
  const sorted_ = grouped ? copyColumns(source, n) : radixSortByJourney(source, n, cols.journeyIds.length);
  const order = sorted_.rows!;
  const sortedJourney = sorted_.keys;
  const channel = sorted_.channel;
  const sortedTime = sorted_.time;
  const sortedSequence = sorted_.sequence;
  const conversions = sorted_.conversions;
  const value = sorted_.value;
  const inputRow = sorted_.input ?? order;
  if (ordered) {
    const sortedTies: TieColumns | null = ties === null ? null : { channel, rank: ties.rank, conversions, value };
    sortRuns(sortedJourney, sortedTime, sortedSequence, sortedTies, order, [channel, conversions, value, sorted_.input]);
  }
  return {
    // Fresh arrays (journey only when it was gathered): journey building may write over them.
    reusable: sortedJourney !== journey || cols.reusable === true,
    rowCount: n,
    journey: sortedJourney,
    journeyIds: cols.journeyIds,
    channel,
    time: sortedTime,
    sequence: sortedSequence,
    conversions,
    value,
    inputRow,
  };
}

/** What the tie rule reads of each row: the channel and its rank, conversions and value. */
interface TieColumns {
  readonly channel: Int32Array;
  /** Rank of each channel id in code-point order. */
  readonly rank: Int32Array;
  readonly conversions: Float64Array | null;
  readonly value: Float64Array | null;
}

/**
 * The tie rule's columns for the order check. Sparse conversions are spread to
 * dense columns only when some journey has two rows on one timestamp and
 * sequence number (the rule then needs them); otherwise the rule never runs.
 */
function denseTieColumns(cols: TouchpointColumns, rank: Int32Array): TieColumns {
  let { conversions, value } = cols;
  if (conversions === null && value === null && cols.sparse !== undefined && cols.sparse.count > 0 && hasTies(cols)) {
    const sp = cols.sparse;
    conversions = new Float64Array(cols.rowCount);
    value = new Float64Array(cols.rowCount);
    for (let i = 0; i < sp.count; i++) {
      conversions[sp.rows[i]] = sp.conversions[i];
      value[sp.rows[i]] = sp.value[i];
    }
  }
  return { channel: cols.channel, rank, conversions, value };
}

/** True when two adjacent rows of one journey share their timestamp and sequence number. */
function hasTies(cols: TouchpointColumns): boolean {
  const { journey, time } = cols;
  const sequence = cols.sequence ?? null;
  for (let i = 1; i < cols.rowCount; i++) {
    if (journey[i] === journey[i - 1] && (time === null || time[i] === time[i - 1]) && (sequence === null || sequence[i] === sequence[i - 1])) return true;
  }
  return false;
}

/**
 * Orders rows `a` and `b` of one journey: by time, then sequence number, then
 * the tie rule (when `ties` is given). Negative when `a` goes first, 0 when
 * nothing orders them (input order then decides).
 */
function compareKeys(time: Float64Array | null, sequence: Float64Array | null, ties: TieColumns | null, a: number, b: number): number {
  if (time !== null && time[a] !== time[b]) return time[a] - time[b];
  if (sequence !== null && sequence[a] !== sequence[b]) return sequence[a] - sequence[b];
  return ties === null ? 0 : compareTies(ties, a, b);
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
 * Rows equal on all of these have the same effect on the journeys.
 */
function compareTies(t: TieColumns, a: number, b: number): number {
  const ca = t.conversions === null ? 0 : t.conversions[a];
  const cb = t.conversions === null ? 0 : t.conversions[b];
  const fa = ca > 0 ? 1 : 0;
  const fb = cb > 0 ? 1 : 0;
  if (fa !== fb) return fa - fb;
  const cha = t.channel[a];
  const chb = t.channel[b];
  if (cha !== chb) {
    // A conversion-only row (channel -1) ranks after every channel.
    const ra = cha < 0 ? t.rank.length : t.rank[cha];
    const rb = chb < 0 ? t.rank.length : t.rank[chb];
    if (ra !== rb) return ra - rb;
  }
  if (ca !== cb) return ca - cb;
  const va = t.value === null ? 0 : t.value[a];
  const vb = t.value === null ? 0 : t.value[b];
  return va - vb;
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
  sequence: Float64Array | null;
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
    sequence: like.sequence && new Float64Array(n),
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
  if (src.sequence) out.sequence!.set(src.sequence.subarray(0, n));
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
    const { rows, channel, time, sequence, conversions, value, input } = src;
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
      if (sequence !== null) out.sequence![at] = sequence[i];
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
 * Sorts each journey's run by {@link compareKeys}, stably (rows nothing else
 * orders keep input row order, held in `order`), moving `order` and the other
 * columns along. Runs are short and contiguous, so this is local work after
 * the gather.
 */
function sortRuns(
  journey: Int32Array,
  time: Float64Array | null,
  sequence: Float64Array | null,
  ties: TieColumns | null,
  order: Int32Array,
  others: (Int32Array | Float64Array | null)[],
): void {
  const n = journey.length;
  const columns = [time, sequence, order, ...others].filter((c): c is Int32Array | Float64Array => c !== null);
  // The tie rule reads channel, conversions and value while sorting: sort
  // positions first, then move every column (those included) once.
  const before = (x: number, y: number): boolean => {
    const c = compareKeys(time, sequence, ties, x, y);
    return c < 0 || (c === 0 && order[x] < order[y]);
  };
  let idx = new Int32Array(64);
  let scratch = new Float64Array(64);
  let a = 0;
  while (a < n) {
    let b = a + 1;
    let inOrder = true;
    while (b < n && journey[b] === journey[a]) {
      if (inOrder && before(b, b - 1)) inOrder = false;
      b++;
    }
    if (!inOrder) {
      const len = b - a;
      if (idx.length < len) {
        idx = new Int32Array(len * 2);
        scratch = new Float64Array(len * 2);
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
      for (const col of columns) {
        for (let i = 0; i < len; i++) scratch[i] = col[idx[i]];
        for (let i = 0; i < len; i++) col[a + i] = scratch[i];
      }
    }
    a = b;
  }
}
