import { PathCreditError } from '../errors.js';
import { sharedUint32 } from '../core/shared-arrays.js';
import type { PathStore } from '../types.js';
import { attributesOf, findAttribute } from './store-attributes.js';

/** A store whose channels are (channel, touch type) pairs, and the way back to the channels. */
export interface TypeSplitStore {
  /** The same paths, each touch's channel replaced by its (channel, type) state, named `channel [type]`. */
  readonly store: PathStore;
  /** Original channel id of each state id. */
  readonly channelOfState: Int32Array;
}

/**
 * Splits every channel by touch type, so `search` clicks and `search`
 * impressions become the separate channels `search [click]` and
 * `search [impression]` (used by Markov with `channel-type` states). States
 * are numbered in order of first touch.
 *
 * @throws PathCreditError when the store has no per-touch column `column`, or
 *   two states would print the same name (channel and type names containing ` [`).
 */
export function splitByTouchType(store: PathStore, column: string): TypeSplitStore {
  const attr = findAttribute(store, column);
  if (attr === undefined) {
    const have = attributesOf(store).map((a) => a.column);
    throw new PathCreditError(`channel-type states need the touch-type column "${column}", which this store does not have${have.length > 0 ? ` (it has: ${have.join(', ')})` : ''}`, {
      column,
    });
  }
  if (attr.touch === null) throw new PathCreditError(`column "${column}" holds one value per path, not per touch`, { column });
  const types = attr.touch;
  const typeCount = attr.names.length;
  const end = store.pathCount > 0 ? store.offsets[store.pathCount] : 0;
  const stateOf = new Int32Array(store.channels.length * typeCount).fill(-1);
  const touches = sharedUint32(end);
  const names: string[] = [];
  const channelOfState: number[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < end; k++) {
    const c = store.touches[k];
    const t = types[k];
    if (!(t >= 0 && t < typeCount)) throw new PathCreditError(`touch ${k} has no valid "${column}" value (id ${t})`, { column, value: t });
    const key = c * typeCount + t;
    let s = stateOf[key];
    if (s < 0) {
      s = stateOf[key] = names.length;
      const name = `${store.channels[c]} [${attr.names[t]}]`;
      if (seen.has(name)) throw new PathCreditError(`two (channel, type) states would both be named ${JSON.stringify(name)}`, { column, value: name });
      seen.add(name);
      names.push(name);
      channelOfState.push(c);
    }
    touches[k] = s;
  }
  return { store: { ...store, channels: names, touches }, channelOfState: Int32Array.from(channelOfState) };
}
