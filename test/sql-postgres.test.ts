import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputCheckSql, pathSummarySql } from '../src/index.js';
import { type RandomEventsOptions, type RouteOptions, expectSameCredits, inProcessStore, randomEvents, storeFromSummaryRows, summaryAttribution } from './helpers/events.js';
import { type TestPostgres, postgresBinaries, startPostgres } from './helpers/postgres.js';
import { expectSqlMatchesInProcess } from './helpers/sql-routes.js';

const bin = postgresBinaries();
const inCI = process.env.CI === 'true';

if (bin === null) {
  // Never a silent pass: CI must have the server (.ci/run installs Debian's postgresql).
  const message = 'PostgreSQL binaries (initdb, pg_ctl) not found: install Debian\'s postgresql package (apt-get install -y postgresql) to run these tests';
  if (inCI) {
    it('has a PostgreSQL server to test against', () => {
      throw new Error(message);
    });
  } else {
    process.stderr.write(`\n*** SKIPPED test/sql-postgres.test.ts: ${message} ***\n\n`);
    it.skip(`PostgreSQL tests (${message})`, () => undefined);
  }
} else {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres(bin);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  const run = (sql: string) => server.rows(sql);

  const cases: { name: string; seed: number; events: RandomEventsOptions; options: RouteOptions }[] = [
    { name: 'plain journeys', seed: 21, events: { journeys: 250 }, options: {} },
    { name: 'lookback and max touches', seed: 22, events: { journeys: 250 }, options: { lookback: '7d', maxTouches: 2 } },
    { name: 'many ties (tie rule under an ICU default collation)', seed: 23, events: { journeys: 250, ties: 0.6, conversionOnly: 0.2 }, options: {} },
    { name: 'a sequence column, fractional weights', seed: 24, events: { journeys: 250, ties: 0.5, fractional: true }, options: { sequenceColumn: 'seq' } },
  ];

  describe('generated SQL run by a real PostgreSQL server equals journey building and attribution in process', () => {
    for (const c of cases) {
      it(`${c.name}: every summary model, Markov orders 1-3, the input check`, async () => {
        const rows = randomEvents(c.seed, c.events);
        await server.load(rows);
        await expectSqlMatchesInProcess(run, 'postgres', rows, c.options);
      });
    }

    it('the options of the golden files on a schema-qualified table', async () => {
      const rows = randomEvents(27, { journeys: 250, ties: 0.5 });
      await server.load(rows);
      await server.rows('CREATE SCHEMA IF NOT EXISTS analytics; DROP TABLE IF EXISTS analytics.events; CREATE TABLE analytics.events AS SELECT *, seq AS event_index FROM events');
      await expectSqlMatchesInProcess(run, 'postgres', rows, { lookback: '30d', maxTouches: 20, sequenceColumn: 'event_index' }, [1, 2, 3], 'analytics.events');
    });

    it('orders channel names by bytes although the database collation does not', async () => {
      const order = await server.rows("SELECT x FROM (VALUES ('email'), ('Email'), ('Émail')) t(x) ORDER BY x");
      // ICU en-US puts lower case first; the SQL's COLLATE "C" must not depend on that.
      expect(order.map((r) => r.x)).not.toEqual(['Email', 'email', 'Émail']);
      const rows = randomEvents(25, { journeys: 200, ties: 0.9, channels: ['email', 'Email', 'Émail', 'éclair', 'Zulu', 'alpha'] });
      await server.load(rows);
      const summary = storeFromSummaryRows(await run(pathSummarySql({ dialect: 'postgres', table: 'events' })));
      expectSameCredits(summaryAttribution(summary).credits, summaryAttribution(inProcessStore(rows)).credits);
    });

    it('counts invalid rows by problem and leaves them out', async () => {
      const rows = randomEvents(26, { journeys: 40 });
      await server.load(rows);
      await server.rows(
        "INSERT INTO events VALUES (NULL, now(), 'x', 0, 0, 0), ('j1', NULL, 'x', 0, 0, 0), ('j1', now(), 'x', -1, 0, 0), ('j1', now(), 'x', 0, 5, 0), ('j1', now(), '', 0, 0, 0), ('j1', now(), 'x', 'NaN', 0, 0)",
      );
      const check = await run(inputCheckSql({ dialect: 'postgres', table: 'events' }));
      const invalid = Object.fromEntries(check.filter((r) => r.kind === 'invalid').map((r) => [r.problem, Number(r.rows)]));
      expect(invalid).toEqual({ journey: 1, timestamp: 1, conversions: 2, value_without_conversions: 1, no_channel: 1 });
      expect(Number(check.find((r) => r.kind === 'rows')!.rows)).toBe(rows.length + 6);
    });
  });
}
