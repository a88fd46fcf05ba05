/** Column names and parsing options shared by every aggregated-path reader. */
export interface PathColumnsOptions {
  /** Column holding the path (a delimited string or a list of channel names). Default `"path"`. */
  readonly pathColumn?: string;
  /** Column holding conversions per path. Default `"conversions"`; required. */
  readonly conversionsColumn?: string;
  /** Column holding value per path. Default `"value"`; when the default is absent, value is 0. */
  readonly valueColumn?: string;
  /** Column holding non-converting journeys per path. Default `"nulls"`; when the default is absent, nulls are 0. */
  readonly nullsColumn?: string;
  /** Column holding per-touch times (epoch ms or ISO strings), aligned with the path. Optional. */
  readonly timesColumn?: string;
  /**
   * Separator of a path string, of any length. Default `" > "`. Whitespace
   * around each channel name is trimmed, so `"a>b"` and `"a > b"` agree with `">"`.
   */
  readonly separator?: string;
  /** Skip invalid rows (counted in the store's `skipped`) instead of throwing. Default false. */
  readonly skipInvalid?: boolean;
  /** Extra categorical columns to read with each path (see `PathStore.attributes`). */
  readonly attributeColumns?: readonly string[];
}

/** Default column names of the aggregated path layout. */
export const PATH_DEFAULTS = {
  pathColumn: 'path',
  conversionsColumn: 'conversions',
  valueColumn: 'value',
  nullsColumn: 'nulls',
  separator: ' > ',
} as const;

/** Column names and options shared by every touchpoint reader. */
export interface TouchpointColumnsOptions {
  /** Journey (user / session) id column. Default `"journey_id"`. */
  readonly journeyColumn?: string;
  /** Timestamp column (Arrow timestamp or date, epoch ms, or ISO-8601 string). Default `"timestamp"`; optional unless time decay or a lookback needs it. */
  readonly timestampColumn?: string;
  /** Channel column. Default `"channel"`. */
  readonly channelColumn?: string;
  /** Conversions column. Default `"conversions"`; when the default is absent, no row converts. */
  readonly conversionsColumn?: string;
  /** Value column. Default `"value"`; when the default is absent, value is 0. */
  readonly valueColumn?: string;
  /**
   * Column of numbers ordering a journey's events that share a timestamp
   * (an event counter, a row number). Optional; see `tieOrder`.
   */
  readonly sequenceColumn?: string;
  /**
   * Order of a journey's events at the same timestamp (and sequence number):
   * `'rule'` (default) applies the tie rule shared with SQL engines (events
   * without conversions first, then events with a channel before
   * conversion-only events, then channel names in code-point order, then
   * conversions and value ascending), so the result does not depend on row
   * order; `'input'` keeps their input order.
   */
  readonly tieOrder?: 'rule' | 'input';
  /** Drop touches older than this before the conversion (ms, or a duration such as `"30d"`). */
  readonly lookback?: number | string;
  /** Keep only the last N touches of each path. */
  readonly maxTouches?: number;
  /** Skip invalid rows (counted in the store's `skipped`) instead of throwing. Default false. */
  readonly skipInvalid?: boolean;
  /**
   * Extra categorical columns to read with each row (a segment, a device, a
   * touch type): the store gets each touch's and each path's value (see
   * `PathStore.attributes`).
   */
  readonly attributeColumns?: readonly string[];
  /**
   * Event exports (GA4, Snowplow): the names of the events that are
   * conversions, e.g. `['purchase']`. A row whose event is one of them is a
   * conversion on its own (its channel is not a touch), counting 1 (or its
   * conversions cell when the input has one and it is above 0), with the value
   * column's value; every other row is a touch when it has a channel, its
   * conversions and value ignored, and otherwise a row that is not used
   * (counted in `store.ignoredRows`, never an error).
   */
  readonly conversionEvents?: readonly string[];
  /** The event name column of an event export. Default `"event_name"` (GA4's). Needs `conversionEvents`. */
  readonly eventColumn?: string;
}

/** Default column names of the touchpoint layout. */
export const TOUCHPOINT_DEFAULTS = {
  journeyColumn: 'journey_id',
  timestampColumn: 'timestamp',
  channelColumn: 'channel',
  conversionsColumn: 'conversions',
  valueColumn: 'value',
} as const;
