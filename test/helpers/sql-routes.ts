// The comparison every SQL engine test makes: the generated SQL, run by a real
// engine, against journey building and attribution in process.
import { expect } from 'vitest';
import {
  type SqlDialect,
  TRANSITION_COLUMNS,
  inputCheckSql,
  markov,
  markovFromCounts,
  pathSummarySql,
  transitionCountsFromColumns,
  transitionCountsSql,
} from '../../src/index.js';
import {
  type EventRow,
  type RouteOptions,
  expectSameCredits,
  expectSameMarkov,
  inProcessStore,
  storeFromSummaryRows,
  summaryAttribution,
  toColumns,
} from './events.js';

/** Runs one statement and returns its rows as objects. */
export type RunSql = (sql: string) => Promise<Record<string, unknown>[]>;

/**
 * Asserts that the path summary, the transition counts (orders given, with
 * and without collapsed repeats) and the input check, run by an engine on
 * `table`, give the in-process results to 1e-12.
 */
export async function expectSqlMatchesInProcess(
  run: RunSql,
  dialect: string | SqlDialect,
  rows: readonly EventRow[],
  options: RouteOptions = {},
  orders: readonly number[] = [1, 2, 3],
  table = 'events',
): Promise<void> {
  const store = inProcessStore(rows, options);
  const sql = { dialect, table, ...options };

  const summary = storeFromSummaryRows(await run(pathSummarySql(sql)));
  expectSameCredits(summaryAttribution(summary).credits, summaryAttribution(store).credits);

  for (const order of orders) {
    for (const collapseRepeats of [false, true]) {
      if (order === 1 && collapseRepeats) continue;
      // The direct solver: the iterative one stops at a 1e-12 residual, so two orderings of the
      // same states may differ by about that much (docs/engines.md), which is not the SQL's doing.
      const expected = markov(store, { order, collapseRepeats, solver: 'direct' });
      const counts = await run(transitionCountsSql({ ...sql, order, collapseRepeats }));
      const counter = transitionCountsFromColumns(toColumns(counts, TRANSITION_COLUMNS) as never, { order, collapseRepeats });
      expectSameMarkov(markovFromCounts(counter, { solver: 'direct' }), expected);
      expectSameMarkov(markov(summary, { order, collapseRepeats, solver: 'direct' }), expected);
    }
  }

  const check = await run(inputCheckSql(sql));
  const total = check.find((r) => r.kind === 'rows');
  expect(Number(total?.rows)).toBe(rows.length);
  const un = check.find((r) => r.kind === 'unattributed')!;
  const expectedUn = store.unattributed ?? { events: 0, conversions: 0, value: 0 };
  expect(Number(un.rows)).toBe(expectedUn.events);
  expect(Number(un.conversions ?? 0)).toBeCloseTo(expectedUn.conversions, 9);
  expect(Number(un.value ?? 0)).toBeCloseTo(expectedUn.value, 9);
  expect(check.filter((r) => r.kind === 'invalid')).toEqual([]);
}
