/**
 * The encoded path store: every journey's channel sequence in a compact CSR
 * (compressed sparse row) layout of typed arrays. Channel strings are encoded
 * to integer ids once; every model then runs over ids.
 *
 * Path `p` has the touches `touches[offsets[p]] .. touches[offsets[p + 1] - 1]`,
 * in journey order (first touch first).
 *
 * The store is plain read-only data: build one with the `from*` encoders,
 * never mutate it, and share it between models freely.
 */
export interface PathStore {
  /** Channel name by channel id. Names are arbitrary strings (never object keys). */
  readonly channels: readonly string[];
  /** Number of paths (rows of the store). */
  readonly pathCount: number;
  /** CSR offsets, length `pathCount + 1`; `offsets[0] = 0`, non-decreasing. */
  readonly offsets: Int32Array;
  /** Channel id per touch, length at least `offsets[pathCount]`. Uint32 so more than 65,535 channels fit. */
  readonly touches: Uint32Array;
  /** Time of each touch in epoch milliseconds (aligned with `touches`), or null when the input had none. */
  readonly times: Float64Array | null;
  /**
   * Conversion time per path in epoch milliseconds, NaN when unknown (time decay
   * then measures to the path's last touch), or null when the input had no times.
   */
  readonly conversionTimes: Float64Array | null;
  /** Conversions (count or weight, >= 0) per path. */
  readonly conversions: Float64Array;
  /** Conversion value (revenue, >= 0) per path. */
  readonly value: Float64Array;
  /** Journeys with this path that did not convert (>= 0) per path. */
  readonly nulls: Float64Array;
  /**
   * For stores built from touchpoint rows: the journey each path came from, as an
   * index into `journeyIds`. Null for aggregated path input, where path `p` is input row `p`.
   */
  readonly pathJourney: Int32Array | null;
  /**
   * Distinct journey ids in order of first appearance (touchpoint input only).
   * The touchpoint CSV reader decodes them when the property is first read.
   */
  readonly journeyIds: readonly (string | number)[] | null;
  /**
   * For stores built from touchpoint rows: the 0-based input row of each touch,
   * so per-touch credit can be joined back to the original events. Null otherwise.
   */
  readonly touchRows: Int32Array | null;
  /**
   * Conversions from touchpoint input that no touch could take credit for (a
   * conversion event with no earlier touch in its journey, or none left inside the
   * lookback window). They are kept out of every model's totals and reported here
   * instead; absent when there were none.
   */
  readonly unattributed?: UnattributedConversions;
  /** Rows left out because `skipInvalid` was set (absent when nothing was skipped). */
  readonly skipped?: SkippedRows;
  /**
   * Event exports (`conversionEvents`): rows that were neither a touch nor a
   * conversion (an event without a channel that is not a conversion event);
   * absent when there were none.
   */
  readonly ignoredRows?: number;
  /** Extra categorical columns read with the paths (the readers' `attributeColumns`), in the order named. */
  readonly attributes?: readonly PathAttribute[];
}

/**
 * The values of one extra categorical column read with the paths (a
 * segment, a device, a touch type): the readers' `attributeColumns`.
 */
export interface PathAttribute {
  /** The column's name in the input. */
  readonly column: string;
  /** Its distinct values by id, in order of first appearance; an empty or null cell is the value `""`. */
  readonly names: readonly string[];
  /** Each touch's value id, aligned with `touches` (touchpoint input), or null for path input. */
  readonly touch: Int32Array | null;
  /**
   * Each path's value id: for touchpoint input, the value of the row that
   * closes the path (its conversion row, or its last touch for a
   * non-converting path); for path input, the path's own row.
   */
  readonly path: Int32Array;
}

/**
 * Credit from one model: per channel, for conversions and for value, plus the
 * totals they must add up to (conservation).
 */
export interface ChannelCredits {
  /** Model name as used in result columns, e.g. `linear` or `markov`. */
  readonly model: string;
  /** Channel names by id (same as the store's). */
  readonly channels: readonly string[];
  /** Conversions credited to each channel id. */
  readonly conversions: Float64Array;
  /** Value credited to each channel id. */
  readonly value: Float64Array;
  /** Total conversions over converting paths (the sum the channel credits add up to). */
  readonly totalConversions: number;
  /** Total value over converting paths. */
  readonly totalValue: number;
  /**
   * Credit per touch, aligned with the store's `touches` (present when requested
   * with `perTouch: true`): a pipeline can sum it per path or join it to events.
   */
  readonly perTouch?: TouchCredits;
}

/** Per-touch credit, aligned with `PathStore.touches`. */
export interface TouchCredits {
  /** Conversions credited to each touch. */
  readonly conversions: Float64Array;
  /** Value credited to each touch. */
  readonly value: Float64Array;
}

/** Options every model accepts. */
export interface CommonModelOptions {
  /** Also return credit per touch (`perTouch` in the result). Default false. */
  readonly perTouch?: boolean;
}

/** What an encoder skipped because the caller asked it to skip invalid rows. */
export interface SkippedRows {
  /** Number of input rows skipped. */
  readonly count: number;
  /** Up to 10 messages describing skipped rows, in input order. */
  readonly samples: readonly string[];
}

/** Conversions that had no touch to credit (touchpoint input only). */
export interface UnattributedConversions {
  /** Number of conversion events without a touch. */
  readonly events: number;
  /** Their conversions. */
  readonly conversions: number;
  /** Their value. */
  readonly value: number;
}
