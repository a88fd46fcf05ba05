import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { DIALECTS, type SqlDialect, TRANSITION_COLUMNS, markov, markovFromCounts, pathSummarySql, readCsv, transitionCountsFromColumns, transitionCountsSql } from '../src/index.js';
import { type TestDuckDB, openDuckDB } from './helpers/duckdb.js';
import {
  type RandomEventsOptions,
  type RouteOptions,
  expectSameCredits,
  expectSameMarkov,
  inProcessStore,
  randomEvents,
  storeFromSummaryRows,
  summaryAttribution,
  toColumns,
} from './helpers/events.js';
import { expectSqlMatchesInProcess } from './helpers/sql-routes.js';

let db: TestDuckDB;
beforeAll(async () => {
  db = await openDuckDB();
});
afterAll(() => db.close());

const run = (sql: string) => db.rows(sql);

const cases: { name: string; seed: number; events: RandomEventsOptions; options: RouteOptions }[] = [
  { name: 'plain journeys', seed: 1, events: { journeys: 300 }, options: {} },
  { name: 'a 10-day lookback and at most 3 touches', seed: 2, events: { journeys: 300 }, options: { lookback: '10d', maxTouches: 3 } },
  { name: 'many ties on timestamps (tie rule)', seed: 3, events: { journeys: 300, ties: 0.6, conversionOnly: 0.2 }, options: {} },
  { name: 'ties ordered by a sequence column first', seed: 4, events: { journeys: 300, ties: 0.7 }, options: { sequenceColumn: 'seq' } },
  { name: 'fractional conversion weights, ties, lookback', seed: 5, events: { journeys: 250, ties: 0.4, fractional: true }, options: { lookback: '3d' } },
];

describe('generated SQL run by DuckDB equals journey building and attribution in process', () => {
  for (const c of cases) {
    it(`${c.name}: every summary model, Markov orders 1-3 (counts and summary), and the input check`, async () => {
      const rows = randomEvents(c.seed, c.events);
      await db.load(rows);
      await expectSqlMatchesInProcess(run, 'duckdb', rows, c.options);
    });
  }

  it('the bundled example: every summary model and Markov orders 1-3 as from the CSV reader', async () => {
    const example = fileURLToPath(new URL('../fixtures/examples/touchpoints.csv', import.meta.url));
    await db.run(`CREATE OR REPLACE TABLE example AS SELECT * FROM read_csv('${example}', types = {'journey_id': 'VARCHAR', 'channel': 'VARCHAR'})`);
    const store = await readCsv(example);
    const summary = storeFromSummaryRows(await run(pathSummarySql({ table: 'example' })));
    expectSameCredits(summaryAttribution(summary).credits, summaryAttribution(store).credits);
    for (const order of [1, 2, 3]) {
      const counts = await run(transitionCountsSql({ table: 'example', order }));
      const counter = transitionCountsFromColumns(toColumns(counts, TRANSITION_COLUMNS) as never, { order });
      expectSameMarkov(markovFromCounts(counter, { solver: 'direct' }), markov(store, { order, solver: 'direct' }));
    }
  });

  it('the options of the golden files (lookback, max touches, a sequence column) on a schema-qualified table', async () => {
    const rows = randomEvents(7, { journeys: 300, ties: 0.5 });
    await db.load(rows);
    await db.run('CREATE SCHEMA IF NOT EXISTS analytics; CREATE OR REPLACE TABLE analytics.events AS SELECT *, seq AS event_index FROM events');
    await expectSqlMatchesInProcess(run, 'duckdb', rows, { lookback: '30d', maxTouches: 20, sequenceColumn: 'event_index' }, [1, 2, 3], 'analytics.events');
  });

  it('epoch-millisecond number timestamps read with timestampFormat epoch-ms', async () => {
    const rows = randomEvents(6, { journeys: 200, ties: 0.3 });
    await db.load(rows, 'events', 'DOUBLE');
    const store = inProcessStore(rows, { lookback: '5d' });
    const summary = storeFromSummaryRows(await run(pathSummarySql({ table: 'events', timestampFormat: 'epoch-ms', lookback: '5d' })));
    expectSameCredits(summaryAttribution(summary).credits, summaryAttribution(store).credits);
  });
});

describe("other dialects' spellings, run where DuckDB understands them", () => {
  // Most of every dialect's statement is shared; the differing spellings that DuckDB also
  // understands are swapped into the DuckDB dialect and run, so they are tested, not only
  // printed. (LISTAGG ... WITHIN GROUP, Spark's array pipeline, backtick quoting and the
  // epoch functions run neither in DuckDB nor in PostgreSQL: golden files cover them.)
  const hybrids: [string, SqlDialect][] = [
    ['bigquery: STRING_AGG ... ORDER BY, plain byte order', { ...DIALECTS.duckdb, orderedJoin: DIALECTS.bigquery.orderedJoin, binary: DIALECTS.bigquery.binary }],
    ['snowflake: CHR(92) for the escape character', { ...DIALECTS.duckdb, backslash: DIALECTS.snowflake.backslash }],
    ['redshift and spark: plain byte order, CHR(92)', { ...DIALECTS.duckdb, binary: DIALECTS.redshift.binary, backslash: DIALECTS.redshift.backslash }],
  ];
  for (const [name, dialect] of hybrids) {
    it(name, async () => {
      const rows = randomEvents(11, { journeys: 200, ties: 0.5 });
      await db.load(rows);
      await expectSqlMatchesInProcess(run, dialect, rows, { maxTouches: 4 }, [1, 2]);
    });
  }

  it('quotes a column name that needs quoting (spaces, quotes, a keyword)', async () => {
    const rows = randomEvents(12, { journeys: 50 });
    await db.load(rows);
    await db.run(
      'CREATE OR REPLACE TABLE "odd ""table""" AS SELECT journey_id AS "user id", "timestamp" AS "select", channel AS "chan""nel", conversions AS "Conv", value AS "from" FROM events',
    );
    const sql = pathSummarySql({
      table: 'odd "table"',
      journeyColumn: 'user id',
      timestampColumn: 'select',
      channelColumn: 'chan"nel',
      conversionsColumn: 'Conv',
      valueColumn: 'from',
    });
    const summary = storeFromSummaryRows(await run(sql));
    expectSameCredits(summaryAttribution(summary).credits, summaryAttribution(inProcessStore(rows)).credits);
    expect(sql).toContain('"chan""nel"');
  });
});
