import type { TimestampFormat } from '../csv/options.js';
import { type Data, type Table, Type, type Vector } from 'apache-arrow';
import { buildJourneys, type TouchpointColumns } from '../../core/build-journeys.js';
import { ChannelDictionary } from '../../core/channel-dictionary.js';
import { dropUnusedChannels } from '../../core/drop-unused-channels.js';
import { resolveJourneyOptions } from '../../core/journey-options.js';
import { SkipLog } from '../../core/skip-log.js';
import { sparseConversions } from '../../core/sparse-conversions.js';
import { Utf8Interner } from '../../core/utf8-interner.js';
import { checkCounts } from '../../core/validate-counts.js';
import { PathCreditError } from '../../errors.js';
import type { PathStore } from '../../types.js';
import { TOUCHPOINT_DEFAULTS, type TouchpointColumnsOptions } from '../path-options.js';
import { findColumn, int64ToFloat64, isNullAt, requireColumn, typeParam } from './arrow-data.js';
import { internJourneyIds } from './intern-journey-ids.js';
import { internStrings } from './intern-strings.js';
import { readAttributes } from './read-attributes.js';
import { readNumbers } from './read-numbers.js';
import { numericUnit, readTimestamps } from './read-timestamps.js';

/** Options of {@link fromArrowTouchpoints}: the touchpoint column names, journey options and a source label. */
export interface ArrowTouchpointsOptions extends TouchpointColumnsOptions {
  /** Source label used in error messages (e.g. the file name). */
  readonly file?: string;
  /**
   * How plain numbers in a timestamp column are read: `'epoch-s'` as epoch
   * seconds, anything else (default) as epoch milliseconds. Arrow timestamp and
   * date columns carry their own unit; strings are ISO-8601.
   */
  readonly timestampFormat?: TimestampFormat;
}

/**
 * Encodes an Arrow table in the **touchpoint layout** (one row per event:
 * journey id, timestamp, channel, conversions, value) into a {@link PathStore}
 * by journey building: rows are grouped by journey, sorted by time (stable),
 * cut after every conversion; touches after the last conversion form a null
 * path. A row with an empty or null channel and conversions > 0 is a
 * conversion event on its own. Journey ids may be strings (plain or
 * dictionary) or integers; timestamps may be Arrow timestamps of any unit,
 * dates, epoch ms or ISO-8601 strings.
 *
 * @throws PathCreditError on an empty table, a missing column, a missing or
 *   unparseable timestamp, invalid counts, or a row with neither channel nor conversion.
 * @example
 * ```ts
 * const store = fromArrowTouchpoints(table, { lookback: '30d' });
 * ```
 */
export function fromArrowTouchpoints(table: Table, options: ArrowTouchpointsOptions = {}): PathStore {
  const file = options.file;
  const journeyCol = options.journeyColumn ?? TOUCHPOINT_DEFAULTS.journeyColumn;
  const channelCol = options.channelColumn ?? TOUCHPOINT_DEFAULTS.channelColumn;
  const timeCol = options.timestampColumn ?? TOUCHPOINT_DEFAULTS.timestampColumn;
  const convCol = options.conversionsColumn ?? TOUCHPOINT_DEFAULTS.conversionsColumn;
  const valueCol = options.valueColumn ?? TOUCHPOINT_DEFAULTS.valueColumn;
  const sequenceCol = options.sequenceColumn;
  const journeyOptions = resolveJourneyOptions(options);
  const lookbackMs = journeyOptions.lookbackMs;
  const n = table.numRows;
  if (n === 0) throw new PathCreditError('the input has no rows', { file });

  const journeyVec = requireColumn(table, journeyCol, file);
  const channelVec = requireColumn(table, channelCol, file);
  const timeVec = options.timestampColumn !== undefined || lookbackMs !== undefined ? requireColumn(table, timeCol, file) : findColumn(table, timeCol);
  // In an event export the conversions column is optional even when named (the events say what converted).
  const convVec = options.conversionsColumn !== undefined && options.conversionEvents === undefined ? requireColumn(table, convCol, file) : findColumn(table, convCol);
  const valueVec = options.valueColumn !== undefined ? requireColumn(table, valueCol, file) : findColumn(table, valueCol);
  const sequenceVec = sequenceCol !== undefined ? requireColumn(table, sequenceCol, file) : null;
  const events = options.conversionEvents;
  if (events === undefined && options.eventColumn !== undefined) {
    throw new PathCreditError('eventColumn needs conversionEvents (the events that are conversions)', { file, column: options.eventColumn });
  }
  if (events !== undefined && events.length === 0) throw new PathCreditError('conversionEvents must name at least one event', { file });
  const eventVec = events === undefined ? null : requireColumn(table, options.eventColumn ?? 'event_name', file);
  if (valueVec && !convVec && !eventVec) throw new PathCreditError('a value column needs a conversions column', { file, column: convCol });

  const { journey, journeyIds } = encodeJourneys(journeyVec, journeyCol, file);
  const dictionary = new ChannelDictionary();
  const channel = encodeChannels(channelVec, dictionary, channelCol, file);
  const time = timeVec ? readTimestamps(timeVec, timeCol, file, numericUnit(options.timestampFormat)) : null;
  // A null count or value on a touchpoint row is 0, as an empty CSV cell is (warehouse tables
  // leave revenue NULL on touch rows); NaN stays an error.
  let conversions = convVec ? readNumbers(convVec, convCol, file, 0) : null;
  let value = valueVec ? readNumbers(valueVec, valueCol, file, 0) : null;
  if (eventVec !== null) {
    // Event exports: only conversion events carry conversions (1, or the
    // conversions cell above 0) and value; their channel is not a touch.
    const [event] = readAttributes(table, [options.eventColumn ?? 'event_name'], file);
    const isConversion = event.names.map((name) => events!.includes(name));
    const eventConv = new Float64Array(n);
    const eventValue = new Float64Array(n);
    for (let row = 0; row < n; row++) {
      if (!isConversion[event.values[row]]) continue;
      const c = conversions === null ? 0 : conversions[row];
      eventConv[row] = c > 0 || c !== c ? c : 1;
      eventValue[row] = value === null ? 0 : value[row];
      channel[row] = -1;
    }
    conversions = eventConv;
    value = eventValue;
  }
  const sequence = sequenceVec ? readNumbers(sequenceVec, sequenceCol!, file) : null;
  const attributes = readAttributes(table, options.attributeColumns ?? [], file);

  // Validate rows; invalid ones are thrown or, when skipping, left out with
  // the input row numbers of the rest kept for per-touch joins.
  const skips = new SkipLog(options.skipInvalid ?? false);
  const keep = new Uint8Array(n).fill(1);
  const countColumns = { conversions: convCol, value: valueCol, nulls: 'nulls' };
  for (let row = 0; row < n; row++) {
    // Cheap checks on the typed arrays; the error object is only built for a bad row.
    const c = conversions === null ? 0 : conversions[row];
    const v = value === null ? 0 : value[row];
    const timeOk = time === null || time[row] === time[row];
    const sequenceOk = sequence === null || sequence[row] === sequence[row];
    if (journey[row] >= 0 && timeOk && sequenceOk && c >= 0 && c < Infinity && v >= 0 && v < Infinity && !(v > 0 && c === 0)) continue;
    let bad: PathCreditError | null;
    if (journey[row] < 0) bad = new PathCreditError('journey id is null', { file, row, column: journeyCol, value: null });
    else if (!timeOk) bad = new PathCreditError('timestamp is missing or cannot be parsed', { file, row, column: timeCol, value: timeVec!.get(row) });
    else if (!sequenceOk) bad = new PathCreditError('sequence number is missing', { file, row, column: sequenceCol, value: null });
    else bad = checkCounts(c, v, 0, countColumns, { file, row });
    if (bad) {
      skips.reject(bad);
      keep[row] = 0;
    }
  }
  const base = { rowCount: n, journey, journeyIds, channel, time, sequence, ...(attributes.length > 0 ? { attributes } : {}) };
  const cols: TouchpointColumns =
    skips.count === 0
      ? // The columns were made for this call: journey building may write its outputs over them.
        { ...base, conversions: sparseConversions(conversions, value, n), reusable: true, ...(eventVec ? { emptyRows: 'ignore' as const } : {}) }
      : { ...compact(base, conversions, value, keep, n - skips.count), ...(eventVec ? { emptyRows: 'ignore' as const } : {}) };
  return dropUnusedChannels(buildJourneys(cols, dictionary, journeyOptions, skips, { channel: channelCol, file }));
}

/** The kept rows only, numbered by their input rows. */
function compact(
  cols: Pick<TouchpointColumns, 'rowCount' | 'journey' | 'journeyIds' | 'channel' | 'time' | 'sequence' | 'attributes'>,
  conversions: Float64Array | null,
  value: Float64Array | null,
  keep: Uint8Array,
  count: number,
): TouchpointColumns {
  const pick = <T extends Int32Array | Float64Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(count);
    let k = 0;
    for (let i = 0; i < keep.length; i++) if (keep[i]) out[k++] = a[i];
    return out;
  };
  const inputRow = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i]) inputRow[k++] = i;
  return {
    reusable: true,
    rowCount: count,
    journey: pick(cols.journey),
    journeyIds: cols.journeyIds,
    channel: pick(cols.channel),
    time: cols.time && pick(cols.time),
    sequence: cols.sequence ? pick(cols.sequence) : null,
    ...(cols.attributes ? { attributes: cols.attributes.map((a) => ({ ...a, values: pick(a.values) })) } : {}),
    conversions: sparseConversions(conversions && pick(conversions), value && pick(value), count),
    inputRow,
  };
}

/** Channel ids per row; null and empty channels become -1 (conversion events), and "" never becomes a channel. */
function encodeChannels(vector: Vector, dictionary: ChannelDictionary, column: string, file?: string): Int32Array {
  const scratch = new ChannelDictionary();
  const raw = internStrings(vector, new Utf8Interner(scratch), column, file);
  const remap = new Int32Array(scratch.size);
  for (let id = 0; id < scratch.size; id++) remap[id] = scratch.names[id] === '' ? -1 : dictionary.idOf(scratch.names[id]);
  for (let i = 0; i < raw.length; i++) if (raw[i] >= 0) raw[i] = remap[raw[i]];
  return raw;
}

/** Dense journey index per row (first appearance order; -1 for null) and the ids. */
function encodeJourneys(vector: Vector, column: string, file?: string): { journey: Int32Array; journeyIds: (string | number)[] } {
  const first = vector.data[0];
  if (first && first.typeId === Type.Int) {
    const journey = new Int32Array(vector.length);
    // readNumbers gives doubles, exact up to 2^53; larger 64-bit ids would
    // collide as doubles, so they are keyed by their exact decimal text instead.
    if (vector.data.some((d) => typeParam(d, 'bitWidth') === 64 && hasUnsafeInt64(d))) return indexBigIds(vector, journey);
    // 32-bit ids (the usual case) are read in place, chunk by chunk; others as doubles.
    const keys: ArrayLike<number>[] = vector.data.every((d) => typeParam(d, 'bitWidth') <= 32)
      ? vector.data.map((d) => (d.values as Int32Array).subarray(0, d.length))
      : [readNumbers(vector, column, file)];
    const nulls = vector.data.some((d) => d.nullCount > 0) ? nullRows(vector) : null;
    return indexIntegerIds(keys, nulls, journey);
  }
  return internJourneyIds(vector, column, file);
}

/** Rows whose value is null, as a byte per row. */
function nullRows(vector: Vector): Uint8Array {
  const out = new Uint8Array(vector.length);
  let at = 0;
  for (const data of vector.data) {
    for (let i = 0; i < data.length; i++) if (isNullAt(data, i)) out[at + i] = 1;
    at += data.length;
  }
  return out;
}

/**
 * Dense journey indexes for integer ids in first-appearance order. Consecutive
 * rows of one journey reuse the previous index; ids within a small range use a
 * lookup array instead of a Map (both are far cheaper than a Map per row).
 * The ids are collected in a typed array and copied once into the result's
 * plain array (pushing millions of numbers costs several times more).
 */
function indexIntegerIds(chunks: ArrayLike<number>[], nulls: Uint8Array | null, journey: Int32Array): { journey: Int32Array; journeyIds: number[] } {
  if (nulls === null) {
    const ascending = indexAscendingIds(chunks, journey);
    if (ascending !== null) return ascending;
  }
  let min = Infinity;
  let max = -Infinity;
  let at = 0;
  for (const values of chunks) {
    for (let i = 0; i < values.length; i++) {
      if (nulls !== null && nulls[at + i] === 1) continue;
      const v = values[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    at += values.length;
  }
  const n = journey.length;
  if (!(min <= max)) {
    journey.fill(-1); // every id is null: validation reports the first row
    return { journey, journeyIds: [] };
  }
  // A small id range gets a lookup array indexed by an int32 key (never a
  // double); a wide one a Map. Either is consulted only when the id changes.
  const dense = max - min < 4 * n + 1024 ? new Int32Array(max - min + 1).fill(-1) : null;
  const index = dense === null ? new Map<number, number>() : null;
  let ids = new Float64Array(dense !== null ? Math.min(n, max - min + 1) : 1024);
  let count = 0;
  let prev = NaN;
  let prevJ = -1;
  at = 0;
  for (const values of chunks) {
    for (let i = 0; i < values.length; i++) {
      const row = at + i;
      if (nulls !== null && nulls[row] === 1) {
        journey[row] = -1; // null id: reported by validation
        prev = NaN;
        continue;
      }
      const v = values[i];
      if (v === prev) {
        journey[row] = prevJ;
        continue;
      }
      let j = dense !== null ? dense[(v - min) | 0] : (index!.get(v) ?? -1);
      if (j < 0) {
        j = count++;
        if (j === ids.length) {
          const grown = new Float64Array(ids.length * 2);
          grown.set(ids);
          ids = grown;
        }
        ids[j] = v;
        if (dense !== null) dense[(v - min) | 0] = j;
        else index!.set(v, j);
      }
      journey[row] = prevJ = j;
      prev = v;
    }
    at += values.length;
  }
  const journeyIds = new Array<number>(count);
  for (let j = 0; j < count; j++) journeyIds[j] = ids[j];
  return { journey, journeyIds };
}

/**
 * The common case of exports sorted by journey: rows of one journey together
 * and each new journey's id above all earlier ones. Then an id is new exactly
 * when it exceeds the largest so far, so one pass with no lookup table and no
 * range scan numbers the journeys. Returns null (nothing to keep) at the first
 * row that breaks the pattern; the general indexing then starts over.
 */
function indexAscendingIds(chunks: ArrayLike<number>[], journey: Int32Array): { journey: Int32Array; journeyIds: number[] } | null {
  let ids = new Float64Array(1024);
  let count = 0;
  let prev = -Infinity;
  let at = 0;
  for (const values of chunks) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== prev) {
        if (!(v > prev)) return null;
        if (count === ids.length) {
          const grown = new Float64Array(ids.length * 2);
          grown.set(ids);
          ids = grown;
        }
        ids[count++] = prev = v;
      }
      journey[at + i] = count - 1;
    }
    at += values.length;
  }
  const journeyIds = new Array<number>(count);
  for (let j = 0; j < count; j++) journeyIds[j] = ids[j];
  return { journey, journeyIds };
}

/** True when a 64-bit integer chunk holds a value outside the doubles' exact range (|v| > 2^53). */
function hasUnsafeInt64(data: Data): boolean {
  const values = data.values as unknown as BigInt64Array | BigUint64Array;
  const halves = new Int32Array(values.buffer, values.byteOffset, data.length * 2);
  const signed = typeParam<boolean>(data, 'isSigned');
  for (let i = 0; i < data.length; i++) {
    const hi = halves[2 * i + 1];
    // |v| < 2^53 exactly when the high half is within [-2^21, 2^21) (unsigned: below 2^21).
    if (signed ? hi >= 0x200000 || hi < -0x200000 : hi >>> 0 >= 0x200000) return true;
  }
  return false;
}

/** Journey indexes for 64-bit ids beyond 2^53, keyed by exact bigint values; ids become decimal strings. */
function indexBigIds(vector: Vector, journey: Int32Array): { journey: Int32Array; journeyIds: string[] } {
  const index = new Map<bigint | number, number>();
  const journeyIds: string[] = [];
  let at = 0;
  for (const data of vector.data) {
    const values = data.values as unknown as ArrayLike<bigint | number>;
    for (let i = 0; i < data.length; i++) {
      if (isNullAt(data, i)) {
        journey[at + i] = -1;
        continue;
      }
      const raw = values[i];
      const v = typeof raw === 'bigint' ? raw : BigInt(raw);
      let j = index.get(v);
      if (j === undefined) {
        j = journeyIds.length;
        journeyIds.push(v.toString());
        index.set(v, j);
      }
      journey[at + i] = j;
    }
    at += data.length;
  }
  return { journey, journeyIds };
}
