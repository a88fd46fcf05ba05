import { PathCreditError } from '../errors.js';
import type { PathStore } from '../types.js';
import { DailyAccumulators, type DailyOptions, type WindowedAttribution } from './daily-accumulators.js';
import type { WindowSpec } from './window-spec.js';

/** Options of {@link attributeWindows}: the windows, the models and their settings. */
export interface AttributeWindowsOptions extends DailyOptions, WindowSpec {}

/**
 * Credits per rolling window: every path is dated (a converting path by its
 * conversion time, otherwise by its last touch), folded into per-day
 * accumulators, and each window (the `window` days ending on a window end,
 * ends every `step` days back from the last day with data) combines its days.
 * So 90 daily windows over a store cost one pass over its journeys plus the
 * per-window combining, not 90 recomputes.
 *
 * @param store - touchpoints with timestamps, or paths with touch times.
 * @param options - `window` (e.g. `"28d"`), `step` (default `"1d"`), `end`,
 *   `partial`, `models` and the models' settings (as `attribute`).
 * @throws PathCreditError when the store has no times, a window or step is not
 *   whole days, no window fits, or for an option windows cannot honour.
 * @example
 * ```ts
 * const r = attributeWindows(store, { window: '28d', step: '7d', models: ['last_touch', 'markov'] });
 * r.windows.at(-1)!.end;              // '2024-03-31'
 * windowRows(r);                      // [{ window_end: '2024-03-03', channel: 'search', model: 'last_touch', conversions, value }, ...]
 * ```
 */
export function attributeWindows(store: PathStore, options: AttributeWindowsOptions): WindowedAttribution {
  const { window, step, end, partial, count, ...daily } = options;
  const extra = daily as Record<string, unknown>;
  for (const key of ['intervals', 'chooseOrder', 'removeGroups'] as const) {
    if (extra[key] !== undefined && extra[key] !== false) throw new PathCreditError(`rolling windows do not offer ${key}: run attribute on one window for that`, { column: key });
  }
  if (extra.markovStates === 'channel-type') throw new PathCreditError('rolling windows do not offer channel-type Markov states', { column: 'markovStates' });
  return new DailyAccumulators(daily).add(store).windows({ window, step, end, partial, count });
}
