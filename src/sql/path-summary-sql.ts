import { PATH_DEFAULTS } from '../io/path-options.js';
import { journeyCtes, withCtes } from './journey-ctes.js';
import { type JourneySqlOptions, alias, resolveJourneySql, separatorLiteral } from './options.js';

/** Options of {@link pathSummarySql}. */
export interface PathSummarySqlOptions extends JourneySqlOptions {
  /** Separator between channel names in the path string. Default `" > "`. */
  readonly separator?: string;
}

/**
 * SQL that turns a touchpoint table into the path summary `path,
 * conversions, value, nulls`: journeys built in SQL with the same rules as
 * in process (see docs/engines.md), one row per distinct path. Read the result
 * back with the path readers (`readCsvPaths`, `fromArrowPaths`, `fromPathRows`)
 * or `pathcredit attribute --layout paths`: every model except time decay then
 * gives the in-process credits.
 *
 * A separator or backslash inside a channel name is escaped with a backslash,
 * as the path readers expect. Rows that fail the input checks and conversions
 * with no touch to credit are left out; `inputCheckSql` counts both.
 *
 * @throws PathCreditError for an unknown dialect or an option that cannot be written safely.
 * @example
 * ```ts
 * pathSummarySql({ dialect: 'bigquery', table: 'analytics.events', lookback: '30d' });
 * ```
 */
export function pathSummarySql(options: PathSummarySqlOptions): string {
  const r = resolveJourneySql(options);
  const { d } = r;
  const sep = separatorLiteral(options.separator ?? PATH_DEFAULTS.separator);
  const bs = d.backslash;
  // Backslashes doubled first, then every separator escaped: splitPath undoes both.
  const escaped = `REPLACE(REPLACE(pc_channel, ${bs}, ${bs} || ${bs}), ${sep}, ${bs} || ${sep})`;
  const ctes = [
    ...journeyCtes(r),
    {
      name: 'pc_paths',
      body: [
        'SELECT',
        `  ${d.orderedJoin(escaped, 'pc_pos', sep)} AS pc_path,`,
        '  MAX(pc_conv) AS pc_conv,',
        '  MAX(pc_val) AS pc_val,',
        '  MAX(pc_nulls) AS pc_nulls',
        'FROM pc_path_touches',
        'GROUP BY pc_journey, pc_seg',
      ].join('\n'),
    },
  ];
  const final = [
    'SELECT',
    `  pc_path AS ${alias(r, 'path')},`,
    `  SUM(pc_conv) AS ${alias(r, 'conversions')},`,
    `  SUM(pc_val) AS ${alias(r, 'value')},`,
    `  SUM(pc_nulls) AS ${alias(r, 'nulls')}`,
    'FROM pc_paths',
    'GROUP BY pc_path',
  ].join('\n');
  return withCtes(r, ctes, final);
}
