import type { ResolvedJourneySql } from './options.js';

/**
 * Codes of the problems that make a row invalid, in the order they are
 * checked (the order the in-process readers check them in). Invalid rows are
 * left out of every query; the check query counts them per code.
 */
export const ROW_PROBLEMS = {
  journey: 'journey id is null',
  timestamp: 'timestamp is missing or cannot be parsed',
  sequence: 'sequence number is missing',
  conversions: 'conversions must be a finite number >= 0',
  value: 'value must be a finite number >= 0',
  value_without_conversions: 'value > 0 on a row with no conversions cannot be attributed',
  no_channel: 'a row needs a channel or conversions > 0',
} as const;

/** One of the keys of {@link ROW_PROBLEMS}. */
export type RowProblem = keyof typeof ROW_PROBLEMS;

/** A named common table expression. */
export interface Cte {
  readonly name: string;
  readonly body: string;
  /** Computed once although read twice (where the dialect can say so). */
  readonly materialized?: boolean;
}

/** Renders `WITH a AS (...), b AS (...)` followed by the final statement. */
export function withCtes(r: ResolvedJourneySql, ctes: readonly Cte[], final: string): string {
  const parts = ctes.map((c) => {
    const keyword = c.materialized && r.d.materialized !== '' ? ` ${r.d.materialized}` : '';
    return `${c.name} AS${keyword} (\n${indent(c.body.trim())}\n)`;
  });
  return `WITH\n${parts.join(',\n')}\n${final.trim()}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n');
}

/** A finite number as a SQL numeric literal. */
function numberLiteral(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(17);
}

/**
 * The journey-building pipeline every query shares, as CTEs from the raw
 * table to `pc_path_touches`: one row per touch kept in a path, with the
 * path's key (`pc_journey`, `pc_seg`), the touch's position (`pc_pos`), its
 * channel, and the path's conversions, value and nulls on every row.
 *
 * The rules are those of in-process journey building (docs/data-model.md):
 * rows ordered by timestamp, then sequence number, then the tie rule; a path
 * cut after every row with conversions > 0; touches after the last conversion
 * form one null path; lookback measured from the conversion (or a null path's
 * last touch); the last `maxTouches` touches kept.
 *
 * With `mode = 'rows'` the pipeline ends in `pc_path_rows` instead: every
 * valid row, with `pc_keep = 1` on the touches kept in a path, so a path
 * left with no touch (a conversion no touch can take) is still there.
 */
export function journeyCtes(r: ResolvedJourneySql, mode: 'touches' | 'rows' = 'touches'): Cte[] {
  const { d } = r;
  const dbl = d.types.double;
  const ts =
    r.timestamp === null
      ? null
      : r.timestampFormat === 'text'
        ? d.textToTimestamp(r.timestamp)
        : r.timestampFormat === 'timestamp'
          ? r.timestamp
          : r.timestampFormat === 'epoch-auto'
            ? // Each number's unit from its size, as the in-process readers do; ordered as milliseconds.
              `CASE WHEN ABS(CAST(${r.timestamp} AS ${dbl})) < 1e14 THEN CAST(${r.timestamp} AS ${dbl}) WHEN ABS(CAST(${r.timestamp} AS ${dbl})) < 1e17 THEN CAST(${r.timestamp} AS ${dbl}) / 1000.0 ELSE CAST(${r.timestamp} AS ${dbl}) / 1000000.0 END`
            : `CAST(${r.timestamp} AS ${dbl})`;
  const source = [
    `${r.journey} AS pc_journey`,
    ...(ts === null ? [] : [`${ts} AS pc_ts`]),
    ...(r.sequence === null ? [] : [`${r.sequence} AS pc_seq`]),
    `${r.channel} AS pc_channel`,
    // NULL counts and values are 0, as empty cells are in the in-process readers.
    `CAST(${r.conversions === null ? '0' : `COALESCE(${r.conversions}, 0)`} AS ${dbl}) AS pc_conv`,
    `CAST(${r.value === null ? '0' : `COALESCE(${r.value}, 0)`} AS ${dbl}) AS pc_val`,
    ...r.carry,
  ];
  // NaN compares above every number in most dialects and unequal to all in
  // BigQuery: a finite upper bound rejects NaN and infinities in both.
  const finite = (x: string) => `(${x} >= 0 AND ${x} <= 1e300)`;
  const problem = [
    `WHEN pc_journey IS NULL THEN 'journey'`,
    ...(ts === null ? [] : [`WHEN pc_ts IS NULL THEN 'timestamp'`]),
    ...(r.sequence === null ? [] : [`WHEN pc_seq IS NULL THEN 'sequence'`]),
    `WHEN pc_conv IS NULL OR NOT ${finite('pc_conv')} THEN 'conversions'`,
    `WHEN pc_val IS NULL OR NOT ${finite('pc_val')} THEN 'value'`,
    `WHEN pc_val > 0 AND pc_conv = 0 THEN 'value_without_conversions'`,
    `WHEN (pc_channel IS NULL OR pc_channel = '') AND pc_conv = 0 THEN 'no_channel'`,
  ];
  const ms =
    r.lookbackMs === null
      ? null
      : r.timestampFormat === 'epoch-ms' || r.timestampFormat === 'epoch-auto'
        ? 'pc_ts'
        : r.timestampFormat === 'epoch-s'
          ? 'pc_ts * 1000'
          : r.timestampFormat === 'epoch-us'
            ? 'pc_ts / 1000.0'
            : r.timestampFormat === 'epoch-ns'
              ? 'pc_ts / 1000000.0'
              : d.epochMs('pc_ts');
  // The order within a journey: time, sequence number, then the tie rule
  // (touches before a conversion at the same instant, channels before
  // conversion-only rows, channel names by their UTF-8 bytes, conversions, value).
  const key = [
    ...(ts === null ? [] : ['pc_ts']),
    ...(r.sequence === null ? [] : ['pc_seq']),
    'CASE WHEN pc_conv > 0 THEN 1 ELSE 0 END',
    'CASE WHEN pc_channel IS NULL THEN 1 ELSE 0 END',
    d.binary('pc_channel'),
    'pc_conv',
    'pc_val',
  ].join(', ');
  const journeyWindow = `PARTITION BY pc_journey ORDER BY ${key}`;
  const segment = 'PARTITION BY pc_journey, pc_seg';
  const ctes: Cte[] = [
    { name: 'pc_source', body: `SELECT\n  ${source.join(',\n  ')}\nFROM ${r.table}` },
    { name: 'pc_checked', body: `SELECT\n  pc_source.*,\n  CASE\n    ${problem.join('\n    ')}\n  END AS pc_problem\nFROM pc_source` },
    {
      name: 'pc_events',
      body: [
        'SELECT',
        '  pc_journey,',
        ...(ts === null ? [] : ['  pc_ts,']),
        ...(ms === null ? [] : [`  ${ms} AS pc_ms,`]),
        ...(r.sequence === null ? [] : ['  pc_seq,']),
        // An empty channel is no channel: the row is a conversion on its own.
        "  CASE WHEN pc_channel = '' THEN NULL ELSE pc_channel END AS pc_channel,",
        '  pc_conv,',
        '  pc_val',
        'FROM pc_checked',
        'WHERE pc_problem IS NULL',
      ].join('\n'),
    },
    {
      name: 'pc_ordered',
      body: [
        'SELECT',
        `  pc_journey,${ms === null ? '' : ' pc_ms,'} pc_channel, pc_conv, pc_val,`,
        `  ROW_NUMBER() OVER (${journeyWindow}) AS pc_pos,`,
        '  -- The path a row belongs to: the number of conversions before it in its journey.',
        `  COALESCE(SUM(CASE WHEN pc_conv > 0 THEN 1 ELSE 0 END) OVER (${journeyWindow} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS pc_seg`,
        'FROM pc_events',
      ].join('\n'),
    },
    {
      name: 'pc_marked',
      body: [
        'SELECT',
        `  pc_journey, pc_seg, pc_pos, pc_channel,${ms === null ? '' : ' pc_ms,'}`,
        '  -- A closed path ends with its one converting row; the open path has none (NULL).',
        `  MAX(CASE WHEN pc_conv > 0 THEN pc_conv END) OVER (${segment}) AS pc_path_conv,`,
        `  MAX(CASE WHEN pc_conv > 0 THEN pc_val END) OVER (${segment}) AS pc_path_val${ms === null ? '' : ','}`,
        ...(ms === null
          ? []
          : [
              '  -- The lookback is measured from the conversion, or for a null path from its last touch.',
              `  COALESCE(MAX(CASE WHEN pc_conv > 0 THEN pc_ms END) OVER (${segment}), MAX(CASE WHEN pc_channel IS NOT NULL THEN pc_ms END) OVER (${segment})) AS pc_end_ms`,
            ]),
        'FROM pc_ordered',
      ].join('\n'),
    },
  ];
  const inWindow = `pc_channel IS NOT NULL${r.lookbackMs === null ? '' : ` AND pc_ms >= pc_end_ms - ${numberLiteral(r.lookbackMs)}`}`;
  const pathColumns = [
    '  pc_journey, pc_seg, pc_pos, pc_channel,',
    '  COALESCE(pc_path_conv, 0) AS pc_conv,',
    '  COALESCE(pc_path_val, 0) AS pc_val,',
    '  CASE WHEN pc_path_conv IS NULL THEN 1 ELSE 0 END AS pc_nulls',
  ];
  if (mode === 'rows') {
    // Every row stays, flagged: pc_keep = 1 for a touch kept in its path. A path
    // whose flags are all 0 is a conversion with no touch to credit.
    ctes.push({
      name: r.maxTouches === null ? 'pc_path_rows' : 'pc_window_rows',
      body: ['SELECT', ...pathColumns.map((l, i) => (i === pathColumns.length - 1 ? `${l},` : l)), `  CASE WHEN ${inWindow} THEN 1 ELSE 0 END AS ${r.maxTouches === null ? 'pc_keep' : 'pc_in_window'}`, 'FROM pc_marked'].join('\n'),
    });
    if (r.maxTouches !== null) {
      ctes.push({
        name: 'pc_path_rows',
        body: [
          'SELECT pc_journey, pc_seg, pc_pos, pc_channel, pc_conv, pc_val, pc_nulls,',
          `  CASE WHEN pc_in_window = 1 AND ROW_NUMBER() OVER (${segment}, pc_in_window ORDER BY pc_pos DESC) <= ${r.maxTouches} THEN 1 ELSE 0 END AS pc_keep`,
          'FROM pc_window_rows',
        ].join('\n'),
      });
    }
    return ctes;
  }
  ctes.push({
    name: r.maxTouches === null ? 'pc_path_touches' : 'pc_window_touches',
    body: ['SELECT', ...pathColumns, 'FROM pc_marked', `WHERE ${inWindow}`].join('\n'),
  });
  if (r.maxTouches !== null) {
    ctes.push({
      name: 'pc_path_touches',
      body: [
        'SELECT pc_journey, pc_seg, pc_pos, pc_channel, pc_conv, pc_val, pc_nulls',
        'FROM (',
        `  SELECT pc_window_touches.*, ROW_NUMBER() OVER (${segment} ORDER BY pc_pos DESC) AS pc_back`,
        '  FROM pc_window_touches',
        ') pc_last',
        `WHERE pc_back <= ${r.maxTouches}`,
      ].join('\n'),
    });
  }
  return ctes;
}
