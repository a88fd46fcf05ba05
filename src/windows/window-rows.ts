import type { WindowedAttribution } from './daily-accumulators.js';

/** One row of the long output: a channel's credit from one model in one window. */
export interface WindowRow {
  /** Last day of the window (ISO date, UTC). */
  readonly window_end: string;
  /** Channel name. */
  readonly channel: string;
  /** Model name. */
  readonly model: string;
  /** Conversions credited. */
  readonly conversions: number;
  /** Value credited. */
  readonly value: number;
}

/**
 * The windows as long rows (window_end, channel, model, conversions, value),
 * by window, then model, then channel. Every channel appears in every window
 * (0 where it had no credit), so a chart or a pivot needs no gap filling.
 */
export function windowRows(result: WindowedAttribution): WindowRow[] {
  const rows: WindowRow[] = [];
  for (const w of result.windows) {
    for (const credits of w.credits) {
      credits.channels.forEach((channel, i) => rows.push({ window_end: w.end, channel, model: credits.model, conversions: credits.conversions[i], value: credits.value[i] }));
    }
  }
  return rows;
}
