import { PathCreditError } from '../errors.js';
import { addCompensated } from '../models/kernel.js';
import type { PathAttribute, PathStore } from '../types.js';

/** The label of the segment of an empty (or missing) value. */
export const EMPTY_SEGMENT_LABEL = '(empty)';

/** Separator of the column values in the label of a combined segment. */
export const SEGMENT_LABEL_SEPARATOR = ' | ';

/** Default of {@link SegmentationOptions.maxSegments}. */
export const DEFAULT_MAX_SEGMENTS = 1000;

/** How to form segments from a store's attribute columns. */
export interface SegmentationOptions {
  /**
   * Attribute columns whose value combination is the segment, in order (at least one).
   * Each must be among the store's `attributes`.
   */
  readonly columns: readonly string[];
  /**
   * Most distinct segments accepted (value combinations met on paths, and with
   * `touchSegments` on touches too). More is an error that gives the count. Default 1000.
   */
  readonly maxSegments?: number;
  /**
   * Also give every touch its own row's segment (`touchSegment`), for a Markov chain with the
   * segment in its states: value combinations met only on touches then become segments too
   * (segments that close no path). Off by default: a path's segment is its closing row's, and
   * only those segments are listed. Needs touch-level attributes (touchpoint input).
   */
  readonly touchSegments?: boolean;
}

/**
 * Journeys grouped by segment: a segment id per path (and per touch for
 * touchpoint input), with the segments' labels and column values.
 */
export interface Segmentation {
  /** The attribute columns combined, in order. */
  readonly columns: readonly string[];
  /**
   * Segment labels by id, unique: the value itself for one column (`(empty)` for an empty
   * value), the values joined by `" | "` for several (a `|` or `\` inside a value is escaped with `\`).
   */
  readonly labels: readonly string[];
  /** Per segment id, the value of each column (`""` for an empty value). */
  readonly values: readonly (readonly string[])[];
  /** Segment id of each path (from the row that closes it). */
  readonly pathSegment: Int32Array;
  /**
   * Segment id of each touch from the touch's own row (touchpoint input), or null for path
   * input, where every touch has its path's segment. A touch may carry a value combination
   * no path closes with: such segments have ids too (and no paths).
   */
  readonly touchSegment: Int32Array | null;
  /** Paths with at least one touch whose segment differs from the path's (the closing row's). */
  readonly changedPaths: number;
}

/**
 * Forms segments from attribute columns read with the journeys (one column, or
 * the combination of several). A path's segment is the value of the row that
 * closes it (its conversion row, or its last touch for a null path); for path
 * input, its own row. Empty values are a segment of their own, labelled
 * `(empty)`. Segment ids follow the values' code-point order (column by column),
 * so the same data gives the same ids whatever the row order.
 *
 * @throws PathCreditError when no column is named, a column is not among the
 *   store's attributes (the message lists them), a column is named twice, a
 *   column holds both empty values and the text `(empty)`, or there are more
 *   distinct segments than `maxSegments` (the message gives the count).
 * @example
 * ```ts
 * const store = await readCsv('events.csv', { attributeColumns: ['device', 'country'] });
 * const seg = segmentation(store, { columns: ['device', 'country'] });
 * seg.labels; // ['desktop | DE', 'desktop | FR', 'mobile | DE', ...]
 * ```
 */
export function segmentation(store: PathStore, options: SegmentationOptions): Segmentation {
  const columns = options.columns;
  if (!Array.isArray(columns) || columns.length === 0) throw new PathCreditError('segments need at least one column', { column: 'columns', value: columns });
  const maxSegments = options.maxSegments ?? DEFAULT_MAX_SEGMENTS;
  if (!Number.isInteger(maxSegments) || maxSegments < 1) throw new PathCreditError('maxSegments must be a positive integer', { column: 'maxSegments', value: maxSegments });
  const attributes = store.attributes ?? [];
  const picked = columns.map((name, i) => {
    if (columns.indexOf(name) !== i) throw new PathCreditError('a segment column is named twice', { column: name, value: name });
    const a = attributes.find((x) => x.column === name);
    if (!a) {
      const have = attributes.length > 0 ? `the input has the attribute columns: ${attributes.map((x) => x.column).join(', ')}` : 'no attribute column was read with the input';
      throw new PathCreditError(`segment column not found (${have})`, { column: name, value: name });
    }
    checkAttribute(store, a);
    return a;
  });
  const touchLevel = picked.every((a) => a.touch !== null);
  const touchSegments = options.touchSegments === true && touchLevel;
  const n = store.pathCount;
  const touchCount = n > 0 ? store.offsets[n] : 0;

  // Combination code per path (and per touch): a mixed-radix number over the columns'
  // value ids, with 0 for an empty value. Codes are dense only for few values, so they
  // are interned through a Map to combination ids first.
  const radix = picked.map((a) => a.names.length + 1);
  const combos = new Map<number, number>();
  const comboCodes: number[] = [];
  const intern = (code: number): number => {
    let id = combos.get(code);
    if (id === undefined) {
      id = comboCodes.length;
      combos.set(code, id);
      comboCodes.push(code);
      if (comboCodes.length > maxSegments) tooMany(columns, maxSegments, countAll(picked, radix, n, touchSegments ? touchCount : 0));
    }
    return id;
  };
  const pathCombo = new Int32Array(n);
  if (radix.reduce((a, b) => a * b, 1) > Number.MAX_SAFE_INTEGER) {
    throw new PathCreditError('too many segment columns or values to combine', { column: columns.join(', '), value: radix });
  }
  const code = (ids: readonly Int32Array[], i: number): number => {
    let c = 0;
    for (let k = 0; k < ids.length; k++) c = c * radix[k] + valueCode(picked[k], ids[k][i]);
    return c;
  };
  const pathIds = picked.map((a) => a.path);
  // One column of few values is the common case: a direct lookup table instead of the Map.
  if (picked.length === 1 && radix[0] <= 1 << 16) {
    const table = new Int32Array(radix[0]).fill(-1);
    const ids = pathIds[0];
    const a = picked[0];
    const max = a.names.length;
    for (let p = 0; p < n; p++) {
      if (ids[p] >= max) outOfRange(a, p);
      const c = valueCode(a, ids[p]);
      let id = table[c];
      if (id < 0) id = table[c] = intern(c);
      pathCombo[p] = id;
    }
  } else {
    for (const a of picked) for (let p = 0; p < n; p++) if (a.path[p] >= a.names.length) outOfRange(a, p);
    for (let p = 0; p < n; p++) pathCombo[p] = intern(code(pathIds, p));
  }
  let touchCombo: Int32Array | null = null;
  let changedPaths = 0;
  if (touchSegments) {
    touchCombo = new Int32Array(touchCount);
    const touchIds = picked.map((a) => a.touch!);
    for (let k = 0; k < touchCount; k++) touchCombo[k] = intern(code(touchIds, k));
  } else if (touchLevel) {
    // Paths whose touches carry another value combination than the closing row: counted only.
    const touchIds = picked.map((a) => a.touch!);
    const { offsets } = store;
    for (let p = 0; p < n; p++) {
      const own = code(pathIds, p);
      for (let k = offsets[p]; k < offsets[p + 1]; k++) {
        if (code(touchIds, k) !== own) {
          changedPaths++;
          break;
        }
      }
    }
  }

  // Ids in the order of the values (column by column, code points), so ids do not depend on row order.
  const comboValues = comboCodes.map((c) => decode(c, picked, radix));
  const order = comboValues.map((_, i) => i).sort((x, y) => compareValues(comboValues[x], comboValues[y]));
  const rank = new Int32Array(order.length);
  order.forEach((combo, i) => (rank[combo] = i));
  const values = order.map((i) => comboValues[i]);
  for (let k = 0; k < picked.length; k++) {
    const name = picked[k].column;
    if (values.some((v) => v[k] === '') && values.some((v) => v[k] === EMPTY_SEGMENT_LABEL)) {
      throw new PathCreditError(`segment column holds both empty values and the text ${JSON.stringify(EMPTY_SEGMENT_LABEL)}, which would share one label`, {
        column: name,
        value: EMPTY_SEGMENT_LABEL,
      });
    }
  }
  const labels = values.map((v) => segmentLabel(v));
  const pathSegment = pathCombo;
  for (let p = 0; p < n; p++) pathSegment[p] = rank[pathSegment[p]];
  if (touchCombo !== null) {
    for (let k = 0; k < touchCount; k++) touchCombo[k] = rank[touchCombo[k]];
    const { offsets } = store;
    for (let p = 0; p < n; p++) {
      const s = pathSegment[p];
      for (let k = offsets[p]; k < offsets[p + 1]; k++) {
        if (touchCombo[k] !== s) {
          changedPaths++;
          break;
        }
      }
    }
  }
  return { columns: columns.slice(), labels, values, pathSegment, touchSegment: touchCombo, changedPaths };
}

/**
 * A segmentation from segment ids you computed yourself: `pathSegment[p]` is the
 * segment of path p, an index into `labels`.
 *
 * @throws PathCreditError when the ids do not match the store or the labels, or labels repeat.
 * @example
 * ```ts
 * const seg = segmentationFromIds(store, Int32Array.from(rows, (r) => (r.returning ? 1 : 0)), ['new', 'returning']);
 * ```
 */
export function segmentationFromIds(store: PathStore, pathSegment: Int32Array, labels: readonly string[], maxSegments = DEFAULT_MAX_SEGMENTS): Segmentation {
  if (labels.length > maxSegments) tooMany(['(ids)'], maxSegments, labels.length);
  return checkSegmentation(store, { columns: ['segment'], labels: labels.slice(), values: labels.map((l) => [l]), pathSegment: pathSegment.slice(0, store.pathCount), touchSegment: null, changedPaths: 0 });
}

/**
 * The segmentation a run asks for: built from attribute columns, or one built
 * already, checked against the store (typed arrays ignore writes out of range,
 * so a wrong id would lose credit silently).
 *
 * @throws PathCreditError as {@link segmentation}, or when a given segmentation does not fit the store.
 */
export function resolveSegmentation(store: PathStore, spec: SegmentationOptions | Segmentation): Segmentation {
  return 'pathSegment' in spec ? checkSegmentation(store, spec) : segmentation(store, spec);
}

function checkSegmentation(store: PathStore, seg: Segmentation): Segmentation {
  const { pathSegment, labels, touchSegment } = seg;
  if (!(pathSegment instanceof Int32Array) || pathSegment.length < store.pathCount) {
    throw new PathCreditError('pathSegment must be an Int32Array with one segment id per path', { column: 'pathSegment', value: pathSegment?.length });
  }
  if (!Array.isArray(labels) || labels.length === 0) throw new PathCreditError('segments need at least one label', { column: 'labels' });
  if (new Set(labels).size !== labels.length) throw new PathCreditError('segment labels must be unique', { column: 'labels', value: labels });
  const S = labels.length;
  for (let p = 0; p < store.pathCount; p++) {
    const s = pathSegment[p];
    if (!(s >= 0 && s < S)) throw new PathCreditError(`segment id out of range (0 to ${S - 1})`, { row: p, column: 'pathSegment', value: s });
  }
  if (touchSegment !== null) {
    const touches = store.pathCount > 0 ? store.offsets[store.pathCount] : 0;
    if (!(touchSegment instanceof Int32Array) || touchSegment.length < touches) throw new PathCreditError('touchSegment must have one segment id per touch', { column: 'touchSegment' });
    for (let k = 0; k < touches; k++) if (!(touchSegment[k] >= 0 && touchSegment[k] < S)) throw new PathCreditError(`segment id out of range (0 to ${S - 1})`, { row: k, column: 'touchSegment', value: touchSegment[k] });
  }
  return seg;
}

/** Label of a segment from its column values (see {@link Segmentation.labels}). */
export function segmentLabel(values: readonly string[]): string {
  if (values.length === 1) return values[0] === '' ? EMPTY_SEGMENT_LABEL : values[0];
  return values.map((v) => (v === '' ? EMPTY_SEGMENT_LABEL : v.replace(/[\\|]/g, (ch) => `\\${ch}`))).join(SEGMENT_LABEL_SEPARATOR);
}

/** Per segment: paths, journeys (conversions + nulls), and conversions and value over converting paths. */
export interface SegmentTotals {
  /** Paths of each segment. */
  readonly paths: Float64Array;
  /** Journeys (conversions + nulls) of each segment. */
  readonly journeys: Float64Array;
  /** Conversions of each segment (compensated sums, as the models' totals). */
  readonly conversions: Float64Array;
  /** Value of each segment's converting paths. */
  readonly value: Float64Array;
}

/**
 * The totals of each segment, summed in store order with the same compensated
 * sums as the models' totals, so a segment's totals equal those of a run on the
 * segment alone, bit for bit.
 */
export function segmentTotals(store: PathStore, seg: Segmentation): SegmentTotals {
  const S = seg.labels.length;
  const paths = new Float64Array(S);
  const journeys = new Float64Array(S);
  const conv = new Float64Array(S);
  const convComp = new Float64Array(S);
  const val = new Float64Array(S);
  const valComp = new Float64Array(S);
  const { pathSegment } = seg;
  for (let p = 0; p < store.pathCount; p++) {
    const s = pathSegment[p];
    const c = store.conversions[p];
    paths[s]++;
    journeys[s] += c + store.nulls[p];
    if (c > 0) {
      addCompensated(conv, convComp, s, c);
      addCompensated(val, valComp, s, store.value[p]);
    }
  }
  for (let s = 0; s < S; s++) {
    conv[s] += convComp[s];
    val[s] += valComp[s];
  }
  return { paths, journeys, conversions: conv, value: val };
}

function valueCode(a: PathAttribute, id: number): number {
  // 0 is the empty value, whether the reader gave a negative id or the name "".
  return id < 0 || a.names[id] === '' ? 0 : id + 1;
}

function decode(code: number, picked: readonly PathAttribute[], radix: readonly number[]): string[] {
  const out = new Array<string>(picked.length);
  for (let k = picked.length - 1; k >= 0; k--) {
    const c = code % radix[k];
    code = (code - c) / radix[k];
    out[k] = c === 0 ? '' : picked[k].names[c - 1];
  }
  return out;
}

function compareValues(a: readonly string[], b: readonly string[]): number {
  for (let k = 0; k < a.length; k++) {
    if (a[k] !== b[k]) return codePointCompare(a[k], b[k]);
  }
  return 0;
}

/** Code-point order (as UTF-8 bytes compare), not UTF-16 unit order. */
export function codePointCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function checkAttribute(store: PathStore, a: PathAttribute): void {
  const n = store.pathCount;
  if (!(a.path instanceof Int32Array) || a.path.length < n) throw new PathCreditError('attribute column has no value id per path', { column: a.column });
  const touches = n > 0 ? store.offsets[n] : 0;
  if (a.touch !== null && (!(a.touch instanceof Int32Array) || a.touch.length < touches)) throw new PathCreditError('attribute column has no value id per touch', { column: a.column });
}

function outOfRange(a: PathAttribute, p: number): never {
  throw new PathCreditError(`attribute value id out of range (${a.names.length} values)`, { row: p, column: a.column, value: a.path[p] });
}

// The number of distinct combinations, counted in full for the error message.
function countAll(picked: readonly PathAttribute[], radix: readonly number[], paths: number, touches: number): number {
  const seen = new Set<number>();
  const at = (ids: readonly (Int32Array | null)[], i: number): number => {
    let c = 0;
    for (let k = 0; k < picked.length; k++) c = c * radix[k] + valueCode(picked[k], ids[k]![i]);
    return c;
  };
  const pathIds = picked.map((a) => a.path);
  for (let p = 0; p < paths; p++) seen.add(at(pathIds, p));
  const touchIds = picked.map((a) => a.touch);
  for (let k = 0; k < touches; k++) seen.add(at(touchIds, k));
  return seen.size;
}

function tooMany(columns: readonly string[], max: number, count: number): never {
  throw new PathCreditError(
    `${count.toLocaleString('en-US')} distinct segments, more than the maximum of ${max.toLocaleString('en-US')} (raise maxSegments / --max-segments, or segment by fewer columns)`,
    { column: columns.join(', ') },
  );
}
