import type { AttributeOptions, ModelName } from '../attribute.js';
import type { TimestampFormat } from '../io/csv/options.js';
import type { PathTransform } from '../transforms/path-transform.js';

/** The peers whose conventions a preset reproduces. */
export const PRESET_NAMES = ['channelattribution', 'dp6', 'eeghor', 'fractribution', 'adobe', 'ga4', 'snowplow'] as const;

/** One of {@link PRESET_NAMES}. */
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * How a peer's exports are read: reader options (column names, separator,
 * lookback, event export settings). Each field is optional; a field the caller
 * sets wins over the preset's.
 */
export interface PresetInput {
  /** Touchpoints: journey (user) id column. */
  readonly journeyColumn?: string;
  /** Touchpoints: event time column. */
  readonly timestampColumn?: string;
  /** Touchpoints: channel column. */
  readonly channelColumn?: string;
  /** Paths: the delimited path column. */
  readonly pathColumn?: string;
  /** Conversions column. */
  readonly conversionsColumn?: string;
  /** Conversion value column. */
  readonly valueColumn?: string;
  /** Paths: non-converting journeys column. */
  readonly nullsColumn?: string;
  /** Paths: separator between channels (names are trimmed). */
  readonly separator?: string;
  /** Touchpoints: drop touches older than this before the conversion (a duration such as `"30d"`). */
  readonly lookback?: string;
  /** Touchpoints: timestamp format (`auto`, `iso`, `epoch-ms`, `epoch-s`, `epoch-us`, `epoch-ns`). */
  readonly timestampFormat?: TimestampFormat;
  /** Touchpoints: the column naming each row's event. */
  readonly eventColumn?: string;
  /** Touchpoints: the event names that are conversions (count 1, value from the value column). */
  readonly conversionEvents?: readonly string[];
}

/**
 * Every convention of one peer, as plain options: how its data is read, the
 * path transforms it applies, and the models with their settings. Spread and
 * override any part; docs/presets.md lists each convention with its source.
 */
export interface Preset {
  /** The preset's name. */
  readonly name: PresetName;
  /** The peer, e.g. `Google fractribution`. */
  readonly peer: string;
  /** Reader options for the peer's exports. */
  readonly input: PresetInput;
  /** Path transforms applied before any model. */
  readonly transforms: readonly PathTransform[];
  /** Options of `attribute`: which models, and each model's settings. */
  readonly attribute: AttributeOptions & { readonly models: readonly ModelName[] };
  /** What the peer does that the preset does not reproduce, one sentence each. */
  readonly differences: readonly string[];
  /** Where the conventions were read. */
  readonly sources: readonly string[];
}

/** Freezes a preset deeply, so a caller's spread-and-override never changes the shared object. */
export function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) frozen((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
