import { growFloat64, growInt32 } from '../core/growable.js';

/** Largest dense key table (4 bytes per possible link); above it links are interned through a Map. */
const DENSE_LIMIT = 1 << 22;

/**
 * Links of the journey map, interned by (group, step, from, to) with their
 * journeys, conversions and value summed. Small key spaces use a dense table
 * (one array read per touch); large ones (many channels or groups) a Map.
 */
export class LinkIndex {
  readonly #dims: readonly [number, number, number, number];
  readonly #dense: Int32Array | null;
  readonly #map: Map<number, number> | null;
  readonly #group = growInt32(256);
  readonly #step = growInt32(256);
  readonly #from = growInt32(256);
  readonly #to = growInt32(256);
  readonly #journeys = growFloat64(256);
  readonly #conv = growFloat64(256);
  readonly #value = growFloat64(256);

  /**
   * @param groups - groups of journeys (1, or the segments).
   * @param steps - source steps, `(start)` included.
   * @param froms - source nodes per step (`(start)` and the channels).
   * @param tos - targets (the channels and the ends).
   */
  constructor(groups: number, steps: number, froms: number, tos: number) {
    this.#dims = [groups, steps, froms, tos];
    const size = groups * steps * froms * tos;
    this.#dense = size <= DENSE_LIMIT ? new Int32Array(size).fill(-1) : null;
    this.#map = this.#dense === null ? new Map() : null;
  }

  /** Links interned so far. */
  get size(): number {
    return this.#group.length;
  }

  /** Adds journeys, conversions and value to a link (interning it) and returns its id. */
  add(group: number, step: number, from: number, to: number, journeys: number, conversions: number, value: number): number {
    const [, steps, froms, tos] = this.#dims;
    const key = ((group * steps + step) * froms + from) * tos + to;
    let id: number;
    if (this.#dense !== null) {
      id = this.#dense[key];
      if (id < 0) id = this.#dense[key] = this.#intern(group, step, from, to);
    } else {
      const found = this.#map!.get(key);
      id = found ?? this.#intern(group, step, from, to);
      if (found === undefined) this.#map!.set(key, id);
    }
    this.#journeys.data[id] += journeys;
    this.#conv.data[id] += conversions;
    this.#value.data[id] += value;
    return id;
  }

  /** Calls `f` for every link of a group, in order of first appearance. */
  forEachOfGroup(group: number, f: (id: number, step: number, from: number, to: number, journeys: number, conversions: number, value: number) => void): void {
    for (let id = 0; id < this.size; id++) {
      if (this.#group.data[id] !== group) continue;
      f(id, this.#step.data[id], this.#from.data[id], this.#to.data[id], this.#journeys.data[id], this.#conv.data[id], this.#value.data[id]);
    }
  }

  #intern(group: number, step: number, from: number, to: number): number {
    const id = this.#group.length;
    this.#group.push(group);
    this.#step.push(step);
    this.#from.push(from);
    this.#to.push(to);
    this.#journeys.push(0);
    this.#conv.push(0);
    this.#value.push(0);
    return id;
  }
}
