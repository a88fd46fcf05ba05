import { parseDuration } from '../core/duration.js';
import { parseIsoTimestamp } from '../core/timestamp.js';
import { PathCreditError } from '../errors.js';
import { DAY_MS } from './day-index.js';

/** Which rolling windows to report. */
export interface WindowSpec {
  /** Window length: whole days, as a duration (`"28d"`, `"4w"`) or milliseconds. */
  readonly window: string | number;
  /** Days between consecutive window ends. Default `"1d"`. */
  readonly step?: string | number;
  /**
   * The last day of the latest window: an ISO date (`"2024-03-31"`) or epoch ms
   * (its UTC day). Default: the last day with data. Earlier windows end every `step` before it.
   */
  readonly end?: string | number;
  /**
   * Also report the earliest windows that start before the first day with data
   * (they hold fewer days). Default false: every window is covered in full.
   */
  readonly partial?: boolean;
  /** At most this many windows, the newest (e.g. 1 for the latest window only). Default: every window that fits. */
  readonly count?: number;
}

/** One window: its first and last UTC day (inclusive). */
export interface WindowDays {
  /** First day (epoch ms / one day). */
  readonly firstDay: number;
  /** Last day. */
  readonly lastDay: number;
}

/**
 * Whole days of a window or step: a duration (`"28d"`, `"4w"`), a bare number of days (`"7"`), or
 * milliseconds as a number.
 * @throws PathCreditError for anything else, or a duration that is not whole days.
 */
export function windowSpecDays(value: string | number, name: string): number {
  // A bare integer string is days (the CLI's `--window 7`), not milliseconds as a bare number is.
  const ms = parseDuration(typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? `${value.trim()}d` : value, name);
  if (ms % DAY_MS !== 0) throw new PathCreditError(`${name} must be a whole number of days (windows are built from daily totals)`, { column: name, value });
  return ms / DAY_MS;
}

/**
 * The windows to report, oldest first, for data on days `firstDay .. lastDay`.
 * @throws PathCreditError for a window or step that is not a positive whole
 *   number of days, an unreadable end, or when no window fits the data.
 */
export function resolveWindows(spec: WindowSpec, firstDay: number, lastDay: number): { windowDays: number; stepDays: number; windows: WindowDays[] } {
  const windowDays = windowSpecDays(spec.window, 'window');
  const stepDays = windowSpecDays(spec.step ?? DAY_MS, 'step');
  let end = lastDay;
  if (spec.end !== undefined) {
    const ms = typeof spec.end === 'number' ? spec.end : parseIsoTimestamp(spec.end);
    if (!Number.isFinite(ms)) throw new PathCreditError('the windows\' end must be an ISO date such as 2024-03-31 or epoch milliseconds', { column: 'end', value: spec.end });
    end = Math.floor(ms / DAY_MS);
  }
  const count = spec.count ?? Infinity;
  if (!(count === Infinity || (Number.isInteger(count) && count >= 1))) throw new PathCreditError('count must be an integer >= 1', { column: 'count', value: spec.count });
  const windows: WindowDays[] = [];
  for (let last = end; windows.length < count && (spec.partial ? last >= firstDay : last - windowDays + 1 >= firstDay); last -= stepDays) {
    windows.push({ firstDay: last - windowDays + 1, lastDay: last });
  }
  if (windows.length === 0) {
    if (end < firstDay) {
      throw new PathCreditError(`the windows' end ${dayLabel(end)} is before the first day with data, ${dayLabel(firstDay)}`, { column: 'end', value: spec.end });
    }
    const span = end - firstDay + 1;
    throw new PathCreditError(
      `no ${windowDays}-day window fits: the data from ${dayLabel(firstDay)} to ${dayLabel(end)} spans ${span} day${span === 1 ? '' : 's'} (use a shorter window, or partial windows)`,
      { column: 'window', value: spec.window },
    );
  }
  return { windowDays, stepDays, windows: windows.reverse() };
}

/** A day as its ISO date, e.g. `2024-03-31`. */
export function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
