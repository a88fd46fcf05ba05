import { PathCreditError } from '../errors.js';
import type { PathStore } from '../types.js';

/** One UTC day in milliseconds. */
export const DAY_MS = 86_400_000;

/** The UTC day of every path, and how each was dated. */
export interface PathDays {
  /** Day number (floor of epoch ms / one day, UTC) per path. */
  readonly day: Int32Array;
  /** Paths dated by their conversion time. */
  readonly byConversionTime: number;
  /** Paths dated by their last touch (null paths, and converting paths whose conversion time is unknown). */
  readonly byLastTouch: number;
}

/**
 * Dates every path for rolling windows: a converting path by its conversion
 * time when the store knows it (touchpoint input), otherwise (null paths, or
 * path input with touch times) by the time of its last touch.
 *
 * @throws PathCreditError when the store has no times at all, or a path has
 *   neither a conversion time nor a finite last-touch time.
 */
export function pathDays(store: PathStore): PathDays {
  const { times, conversionTimes, offsets } = store;
  if (times === null && conversionTimes === null) {
    throw new PathCreditError('rolling windows need times: read touchpoints with a timestamp column, or paths with a times column', { column: 'times' });
  }
  const n = store.pathCount;
  const day = new Int32Array(n);
  let byConversionTime = 0;
  for (let p = 0; p < n; p++) {
    const conv = conversionTimes === null ? NaN : conversionTimes[p];
    let t: number;
    if (store.conversions[p] > 0 && Number.isFinite(conv)) {
      t = conv;
      byConversionTime++;
    } else {
      const last = offsets[p + 1] - 1;
      t = times !== null && last >= offsets[p] ? times[last] : NaN;
      if (!Number.isFinite(t)) throw new PathCreditError(`path ${p} has no conversion time and no last-touch time to date it by`, { row: p, column: 'times', value: t });
    }
    day[p] = Math.floor(t / DAY_MS);
  }
  return { day, byConversionTime, byLastTouch: n - byConversionTime };
}
