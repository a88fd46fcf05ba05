import { PathCreditError } from '../errors.js';
import type { JourneyOptions } from './build-journeys.js';
import { parseDuration } from './duration.js';

/**
 * Validates the journey-building options every touchpoint reader accepts and
 * resolves the lookback to milliseconds.
 *
 * @throws PathCreditError for a lookback that is not a positive duration, a
 *   maxTouches that is not an integer >= 1, or an unknown tieOrder.
 */
export function resolveJourneyOptions(options: {
  readonly lookback?: number | string;
  readonly maxTouches?: number;
  readonly tieOrder?: string;
}): JourneyOptions {
  const lookbackMs = options.lookback === undefined ? undefined : parseDuration(options.lookback, 'lookback');
  const maxTouches = options.maxTouches;
  if (maxTouches !== undefined && !(Number.isInteger(maxTouches) && maxTouches >= 1)) {
    throw new PathCreditError('maxTouches must be an integer >= 1', { value: maxTouches });
  }
  const tieOrder = options.tieOrder;
  if (tieOrder !== undefined && tieOrder !== 'rule' && tieOrder !== 'input') {
    throw new PathCreditError('tieOrder must be "rule" or "input"', { value: tieOrder });
  }
  return { lookbackMs, maxTouches, tieOrder };
}
