import type { PathStore, SkippedRows } from '../types.js';
import { ChannelDictionary } from './channel-dictionary.js';
import { dropUnusedChannels } from './drop-unused-channels.js';
import { Growable, growFloat64, growInt32, growUint32 } from './growable.js';

/** Options for {@link PathStoreBuilder}. */
export interface PathStoreBuilderOptions {
  /** Channel dictionary to encode into (shared when several inputs are combined). */
  readonly dictionary?: ChannelDictionary;
  /** Record a time per touch and a conversion time per path. */
  readonly withTimes?: boolean;
  /** Record the journey of each path and the input row of each touch (touchpoint input). */
  readonly withJourneys?: boolean;
  /** Expected number of touches, to size buffers once. */
  readonly touchCapacity?: number;
  /** Expected number of paths. */
  readonly pathCapacity?: number;
}

/**
 * Stateful builder behind every encoder: append touches, close paths, then
 * `build()` a read-only {@link PathStore}. Buffers grow by doubling.
 *
 * @example
 * ```ts
 * const b = new PathStoreBuilder();
 * b.addTouch(b.dictionary.idOf('search'));
 * b.addTouch(b.dictionary.idOf('email'));
 * b.endPath(1, 20, 0);
 * const store = b.build();
 * ```
 */
export class PathStoreBuilder {
  /** Channel dictionary (name <-> id). */
  readonly dictionary: ChannelDictionary;
  /** Channel id per touch. */
  readonly touches: Growable<Uint32Array>;
  /** Time per touch (when built with times). */
  readonly times: Growable<Float64Array> | null;
  /** CSR offsets; holds `pathCount + 1` entries. */
  readonly offsets: Growable<Int32Array>;
  /** Conversions per path. */
  readonly conversions: Growable<Float64Array>;
  /** Value per path. */
  readonly value: Growable<Float64Array>;
  /** Nulls per path. */
  readonly nulls: Growable<Float64Array>;
  /** Conversion time per path (when built with times). */
  readonly conversionTimes: Growable<Float64Array> | null;
  /** Journey index per path (touchpoint input). */
  readonly pathJourney: Growable<Int32Array> | null;
  /** Input row per touch (touchpoint input). */
  readonly touchRows: Growable<Int32Array> | null;
  readonly #sharedDictionary: boolean;

  /** @param options - see {@link PathStoreBuilderOptions}. */
  constructor(options: PathStoreBuilderOptions = {}) {
    const touchCap = options.touchCapacity ?? 4096;
    const pathCap = options.pathCapacity ?? 1024;
    this.dictionary = options.dictionary ?? new ChannelDictionary();
    this.#sharedDictionary = options.dictionary !== undefined;
    this.touches = growUint32(touchCap);
    this.times = options.withTimes ? growFloat64(touchCap) : null;
    this.offsets = growInt32(pathCap + 1);
    this.offsets.push(0);
    this.conversions = growFloat64(pathCap);
    this.value = growFloat64(pathCap);
    this.nulls = growFloat64(pathCap);
    this.conversionTimes = options.withTimes ? growFloat64(pathCap) : null;
    this.pathJourney = options.withJourneys ? growInt32(pathCap) : null;
    this.touchRows = options.withJourneys ? growInt32(touchCap) : null;
  }

  /** Number of closed paths. */
  get pathCount(): number {
    return this.offsets.length - 1;
  }

  /** Appends a touch to the open path. `time` is required when built with times. */
  addTouch(channelId: number, time = NaN, row = -1): void {
    this.touches.push(channelId);
    if (this.times) this.times.push(time);
    if (this.touchRows) this.touchRows.push(row);
  }

  /** Drops the open path's touches (for a row that turned out invalid). */
  discardOpenPath(): void {
    const start = this.offsets.data[this.offsets.length - 1];
    this.touches.length = start;
    if (this.times) this.times.length = start;
    if (this.touchRows) this.touchRows.length = start;
  }

  /** Closes the open path with its counts. The caller has validated them. */
  endPath(conversions: number, value: number, nulls: number, conversionTime = NaN, journey = -1): void {
    this.offsets.push(this.touches.length);
    this.conversions.push(conversions);
    this.value.push(value);
    this.nulls.push(nulls);
    if (this.conversionTimes) this.conversionTimes.push(conversionTime);
    if (this.pathJourney) this.pathJourney.push(journey);
  }

  /** Freezes the buffers into a store. The builder must not be used afterwards. */
  build(extra: { journeyIds?: readonly (string | number)[]; skipped?: SkippedRows } = {}): PathStore {
    const store: PathStore = {
      // A copy: a shared dictionary may grow later, a store must not change.
      channels: this.dictionary.names.slice(),
      pathCount: this.pathCount,
      offsets: this.offsets.finish(),
      touches: this.touches.finish(),
      times: this.times ? this.times.finish() : null,
      conversionTimes: this.conversionTimes ? this.conversionTimes.finish() : null,
      conversions: this.conversions.finish(),
      value: this.value.finish(),
      nulls: this.nulls.finish(),
      pathJourney: this.pathJourney ? this.pathJourney.finish() : null,
      journeyIds: this.pathJourney ? (extra.journeyIds ?? []) : null,
      touchRows: this.touchRows ? this.touchRows.finish() : null,
    };
    const built = extra.skipped ? { ...store, skipped: extra.skipped } : store;
    // A shared dictionary keeps every id (stores built on it line up); a private one drops unused names.
    return this.#sharedDictionary ? built : dropUnusedChannels(built);
  }
}
