import { PathCreditError } from '../errors.js';
import type { PathStore } from '../types.js';
import { attributesOf, findAttribute } from './store-attributes.js';

/** The column touch types are read from unless told otherwise. */
export const DEFAULT_TOUCH_TYPE_COLUMN = 'touch_type';

/**
 * Weights by touch type for the heuristic models: each touch's share of a
 * converting path is proportional to its model's positional weight times the
 * weight of its type (e.g. `{ click: 1, impression: 0.2 }`).
 */
export interface TouchWeightsOption {
  /** The store's extra column holding each touch's type (read with `attributeColumns`). Default `"touch_type"`. */
  readonly column?: string;
  /**
   * Weight (finite, >= 0) per type name; the name `*` gives the weight of every
   * type not named. A type that touches use and that has no weight (and no `*`)
   * is an error. A Map or a plain object (read with own keys only).
   */
  readonly weights: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
}

/** A weight per touch, looked up through the touch's type: `weightOfType[typeOfTouch[k]]`. */
export interface TouchWeightTable {
  /** Type id of each touch (aligned with `store.touches`), each a valid index into `weightOfType`. */
  readonly typeOfTouch: Int32Array;
  /** Weight (finite, >= 0) of each type id. */
  readonly weightOfType: Float64Array;
}

/** How touch weights were applied, reported with a model's credits. */
export interface TouchWeightReport {
  /** The touch-type column. */
  readonly column: string;
  /** Converting paths whose weighted touches all had weight 0: credited by position alone. */
  readonly zeroWeightPaths: number;
}

/** Reads `click=1,impression=0.2,*=1` into a weight map. */
export function parseTouchWeights(text: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const part of text.split(',')) {
    const eq = part.lastIndexOf('=');
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    const w = Number(raw);
    if (eq < 0 || name === '' || raw === '' || !/^[0-9.eE+-]+$/.test(raw) || !Number.isFinite(w) || w < 0 || name.includes('=')) {
      throw new PathCreditError('touch weights must be type=weight pairs with weights >= 0, e.g. click=1,impression=0.2', { column: 'touch-weights', value: part.trim() });
    }
    if (weights.has(name)) throw new PathCreditError('a touch type is weighted twice', { column: 'touch-weights', value: name });
    weights.set(name, w);
  }
  return weights;
}

/**
 * Resolves touch weights against a store: one weight per type id of the
 * store's touch-type column, checked once so the models' walk only looks up.
 *
 * @throws PathCreditError when the store has no such column (or only per path),
 *   a weight is not a finite number >= 0, or a type that touches use has no weight.
 */
export function resolveTouchWeights(store: PathStore, option: TouchWeightsOption): TouchWeightTable {
  const column = option.column ?? DEFAULT_TOUCH_TYPE_COLUMN;
  const attr = findAttribute(store, column);
  if (attr === undefined) {
    const have = attributesOf(store).map((a) => a.column);
    throw new PathCreditError(
      `touch weights need the touch-type column "${column}", which this store does not have (${have.length > 0 ? `it has: ${have.join(', ')}` : 'read it with attributeColumns, CLI --touch-type-column'})`,
      { column },
    );
  }
  if (attr.touch === null) throw new PathCreditError(`column "${column}" holds one value per path, not per touch: touch weights need a value per touch`, { column });
  const given = option.weights instanceof Map ? option.weights : new Map(Object.entries(option.weights));
  for (const [name, w] of given) {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new PathCreditError(`the weight of touch type "${name}" must be a finite number >= 0`, { column, value: w });
  }
  const types = attr.touch;
  const end = store.pathCount > 0 ? store.offsets[store.pathCount] : 0;
  const used = new Uint8Array(attr.names.length);
  for (let k = 0; k < end; k++) {
    const t = types[k];
    if (!(t >= 0 && t < attr.names.length)) throw new PathCreditError(`touch ${k} has no valid "${column}" value (id ${t})`, { column, value: t });
    used[t] = 1;
  }
  const fallback = given.get('*');
  const weightOfType = new Float64Array(attr.names.length);
  const missing: string[] = [];
  attr.names.forEach((name, t) => {
    const w = given.has(name) ? given.get(name)! : fallback;
    if (w === undefined) {
      if (used[t] === 1) missing.push(name);
    } else weightOfType[t] = w;
  });
  if (missing.length > 0) {
    throw new PathCreditError(`no weight for touch type${missing.length > 1 ? 's' : ''} ${missing.map((m) => JSON.stringify(m)).join(', ')} (give one, or *=w for every other type)`, {
      column,
      value: missing,
    });
  }
  return { typeOfTouch: types, weightOfType };
}
