import { PathCreditError } from '../errors.js';
import { journeyCtes, type Cte, withCtes } from './journey-ctes.js';
import { type JourneySqlOptions, SQL_MAX_ORDER, alias, resolveJourneySql } from './options.js';

/** Options of {@link transitionCountsSql}. */
export interface TransitionCountsSqlOptions extends JourneySqlOptions {
  /** Markov order k (1 to 16). Default 1. */
  readonly order?: number;
  /** Merge consecutive repeated channels before forming states. Default false. */
  readonly collapseRepeats?: boolean;
}

/**
 * SQL that turns a touchpoint table into the order-k Markov transition counts
 * the exact solve needs, with states as integer-coded k-grams and their
 * channel names beside them, so no channel name is ever split from a string.
 * One result with the columns `kind, state, next_state, count, value,
 * position, channel`:
 *
 * - `kind = 'transition'`: `count` journeys (conversions + nulls) moved from
 *   node `state` to node `next_state`; node 0 is `(start)`, 1 `(conversion)`,
 *   2 `(null)`, 3 and up the transient states. On edges into `(conversion)`,
 *   `count` is the conversions and `value` their value.
 * - `kind = 'state'`: channel number `position` (1..k) of state `state` is
 *   `channel`.
 *
 * Read it back with `readTransitionCounts` / `transitionCountsFromColumns`
 * (or `pathcredit attribute --layout transitions`) and solve with
 * `markovFromCounts`: the result equals in-process Markov attribution.
 *
 * @throws PathCreditError for an unknown dialect, an order outside 1..16, or an unsafe option.
 * @example
 * ```ts
 * transitionCountsSql({ dialect: 'snowflake', table: 'EVENTS', order: 2 });
 * ```
 */
export function transitionCountsSql(options: TransitionCountsSqlOptions): string {
  const r = resolveJourneySql(options);
  const { d } = r;
  const k = options.order ?? 1;
  if (!Number.isInteger(k) || k < 1 || k > SQL_MAX_ORDER) {
    throw new PathCreditError(`order must be an integer from 1 to ${SQL_MAX_ORDER} in SQL`, { column: 'order', value: options.order });
  }
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const s = range(k).map((j) => `pc_s${j}`);
  const path = 'PARTITION BY pc_journey, pc_seg';
  const dbl = d.types.double;
  const big = d.types.bigint;
  const ctes: Cte[] = [
    ...journeyCtes(r),
    {
      // Channels as integers 1..N; the order does not matter, only that it is one order.
      name: 'pc_codes',
      body: [
        `SELECT pc_channel, ROW_NUMBER() OVER (ORDER BY ${d.binary('pc_channel')}) AS pc_code`,
        'FROM (SELECT DISTINCT pc_channel FROM pc_path_touches) pc_distinct',
      ].join('\n'),
    },
    {
      name: 'pc_coded',
      body: [
        'SELECT t.pc_journey, t.pc_seg, t.pc_pos, c.pc_code, t.pc_conv, t.pc_val, t.pc_nulls',
        'FROM pc_path_touches t',
        'JOIN pc_codes c ON t.pc_channel = c.pc_channel',
      ].join('\n'),
    },
  ];
  let touches = 'pc_coded';
  if (options.collapseRepeats) {
    ctes.push({
      name: 'pc_collapsed',
      body: [
        'SELECT pc_journey, pc_seg, pc_pos, pc_code, pc_conv, pc_val, pc_nulls',
        'FROM (',
        `  SELECT pc_coded.*, LAG(pc_code) OVER (${path} ORDER BY pc_pos) AS pc_prev`,
        '  FROM pc_coded',
        ') pc_runs',
        'WHERE pc_prev IS NULL OR pc_prev <> pc_code',
      ].join('\n'),
    });
    touches = 'pc_collapsed';
  }
  const windowed = `${path} ORDER BY pc_pos`;
  ctes.push(
    {
      // Every touch starts a window of the next k channels (NULL past the path's end).
      name: 'pc_windows',
      body: [
        'SELECT',
        '  pc_journey, pc_seg, pc_conv, pc_val, pc_nulls,',
        `  ROW_NUMBER() OVER (${windowed}) AS pc_i,`,
        `  COUNT(*) OVER (${path}) AS pc_n,`,
        `  ${['pc_code AS pc_s1', ...range(k - 1).map((j) => `LEAD(pc_code, ${j}) OVER (${windowed}) AS pc_s${j + 1}`)].join(',\n  ')}`,
        `FROM ${touches}`,
      ].join('\n'),
    },
    {
      // The states a path visits: its full windows, or the whole path when it is shorter than k;
      // a window equal to the one before is the same state (no self-transition).
      name: 'pc_visited',
      body: [
        `SELECT pc_journey, pc_seg, pc_i, pc_conv, pc_val, pc_nulls, ${s.join(', ')}`,
        'FROM (',
        '  SELECT',
        '    pc_windows.*,',
        `    ${s.map((x, i) => `LAG(${x}) OVER (${path} ORDER BY pc_i) AS pc_p${i + 1}`).join(',\n    ')}`,
        '  FROM pc_windows',
        `  WHERE (pc_n >= ${k} AND pc_i <= pc_n - ${k - 1}) OR (pc_n < ${k} AND pc_i = 1)`,
        ') pc_window_steps',
        `WHERE pc_p1 IS NULL OR ${s.map((x, i) => `pc_p${i + 1} <> ${x}`).join(' OR ')}`,
      ].join('\n'),
    },
    {
      // Transient states numbered from 3 (0, 1, 2 are (start), (conversion), (null)).
      name: 'pc_states',
      body: [
        `SELECT ${s.join(', ')}, 2 + ROW_NUMBER() OVER (ORDER BY ${s.join(', ')}) AS pc_state`,
        `FROM (SELECT DISTINCT ${s.join(', ')} FROM pc_visited) pc_distinct_states`,
      ].join('\n'),
      materialized: true,
    },
    {
      name: 'pc_steps',
      body: [
        'SELECT',
        '  st.pc_state, v.pc_conv, v.pc_val, v.pc_nulls,',
        `  LAG(st.pc_state) OVER (PARTITION BY v.pc_journey, v.pc_seg ORDER BY v.pc_i) AS pc_from,`,
        `  LEAD(st.pc_state) OVER (PARTITION BY v.pc_journey, v.pc_seg ORDER BY v.pc_i) AS pc_to`,
        'FROM pc_visited v',
        // Codes start at 1, so 0 stands for "no channel" in a state shorter than k.
        `JOIN pc_states st ON ${s.map((x) => `COALESCE(v.${x}, 0) = COALESCE(st.${x}, 0)`).join(' AND ')}`,
      ].join('\n'),
    },
    {
      name: 'pc_edges',
      body: [
        `SELECT COALESCE(pc_from, 0) AS pc_a, pc_state AS pc_b, pc_conv + pc_nulls AS pc_w, CAST(0 AS ${dbl}) AS pc_v FROM pc_steps`,
        'UNION ALL',
        `SELECT pc_state, 1, pc_conv, pc_val FROM pc_steps WHERE pc_to IS NULL AND pc_conv > 0`,
        'UNION ALL',
        `SELECT pc_state, 2, pc_nulls, 0 FROM pc_steps WHERE pc_to IS NULL AND pc_nulls > 0`,
      ].join('\n'),
    },
  );
  const cols = ['kind', 'state', 'next_state', 'count', 'value', 'position', 'channel'].map((c) => alias(r, c));
  const nullOf = (type: string) => `CAST(NULL AS ${type})`;
  const edgeRows = [
    'SELECT',
    `  'transition' AS ${cols[0]},`,
    `  CAST(pc_a AS ${big}) AS ${cols[1]},`,
    `  CAST(pc_b AS ${big}) AS ${cols[2]},`,
    `  CAST(SUM(pc_w) AS ${dbl}) AS ${cols[3]},`,
    `  CAST(SUM(pc_v) AS ${dbl}) AS ${cols[4]},`,
    `  ${nullOf(big)} AS ${cols[5]},`,
    `  ${nullOf(d.types.text)} AS ${cols[6]}`,
    'FROM pc_edges',
    'GROUP BY pc_a, pc_b',
  ].join('\n');
  const stateRows = range(k).map((j) =>
    [
      `SELECT 'state', CAST(st.pc_state AS ${big}), ${nullOf(big)}, ${nullOf(dbl)}, ${nullOf(dbl)}, CAST(${j} AS ${big}), c.pc_channel`,
      `FROM pc_states st JOIN pc_codes c ON st.pc_s${j} = c.pc_code`,
    ].join('\n'),
  );
  return withCtes(r, ctes, [edgeRows, ...stateRows].join('\nUNION ALL\n'));
}
