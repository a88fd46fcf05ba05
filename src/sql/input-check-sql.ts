import { journeyCtes, withCtes } from './journey-ctes.js';
import { type JourneySqlOptions, alias, resolveJourneySql } from './options.js';

/**
 * SQL that reports what the path and transition queries leave out, so
 * nothing is dropped silently. One result with the columns `kind, problem,
 * rows, conversions, value`:
 *
 * - `kind = 'rows'`: every row of the table (`rows`);
 * - `kind = 'invalid'`: rows failing a check, per `problem` code (`journey`,
 *   `timestamp`, `sequence`, `conversions`, `value`,
 *   `value_without_conversions`, `no_channel`; see docs/engines.md);
 * - `kind = 'unattributed'`: conversion rows with no touch to credit (none
 *   before them in their journey, or none left in the lookback window), with
 *   their conversions and value, as `store.unattributed` reports in process.
 *
 * @throws PathCreditError for an unknown dialect or an unsafe option.
 * @example
 * ```ts
 * inputCheckSql({ dialect: 'postgres', table: 'public.events' });
 * ```
 */
export function inputCheckSql(options: JourneySqlOptions): string {
  const r = resolveJourneySql(options);
  const { d } = r;
  const cols = ['kind', 'problem', 'rows', 'conversions', 'value'].map((c) => alias(r, c));
  const big = d.types.bigint;
  const dbl = d.types.double;
  const final = [
    `SELECT 'rows' AS ${cols[0]}, CAST(NULL AS ${d.types.text}) AS ${cols[1]}, CAST(COUNT(*) AS ${big}) AS ${cols[2]}, CAST(NULL AS ${dbl}) AS ${cols[3]}, CAST(NULL AS ${dbl}) AS ${cols[4]}`,
    'FROM pc_checked',
    'UNION ALL',
    `SELECT 'invalid', pc_problem, CAST(COUNT(*) AS ${big}), CAST(NULL AS ${dbl}), CAST(NULL AS ${dbl})`,
    'FROM pc_checked',
    'WHERE pc_problem IS NOT NULL',
    'GROUP BY pc_problem',
    'UNION ALL',
    `SELECT 'unattributed', CAST(NULL AS ${d.types.text}), CAST(COUNT(*) AS ${big}), CAST(SUM(c.pc_conv) AS ${dbl}), CAST(SUM(c.pc_val) AS ${dbl})`,
    'FROM pc_ordered c',
    'WHERE c.pc_conv > 0',
    '  AND NOT EXISTS (SELECT 1 FROM pc_path_touches t WHERE t.pc_journey = c.pc_journey AND t.pc_seg = c.pc_seg)',
  ].join('\n');
  return withCtes(r, journeyCtes(r), final);
}
