import { PathCreditError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a duration: a number of milliseconds, or a string such as `"7d"`,
 * `"12h"`, `"30m"`, `"45s"`, `"2w"`, `"500ms"` (a bare number string is ms).
 *
 * @throws PathCreditError for anything else, or a duration <= 0.
 */
export function parseDuration(input: number | string, option: string): number {
  let ms: number;
  if (typeof input === 'number') ms = input;
  else {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(input);
    if (!m) throw new PathCreditError(`${option} must be a duration such as 7d, 12h, 30m or milliseconds`, { value: input });
    ms = Number(m[1]) * UNIT_MS[m[2] ?? 'ms'];
  }
  if (!(ms > 0) || ms === Infinity) throw new PathCreditError(`${option} must be a positive duration`, { value: input });
  return ms;
}
