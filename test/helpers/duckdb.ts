// A DuckDB database for tests: events loaded through the appender (typed values, no CSV quoting).
import { DuckDBInstance, timestampValue } from '@duckdb/node-api';
import type { EventRow } from './events.js';

/** One in-memory database and connection. */
export async function openDuckDB() {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return {
    /** Replaces table `name` with the events (TIMESTAMP times, VARCHAR ids and channels, DOUBLE counts). */
    async load(rows: readonly EventRow[], name = 'events', timestampType = 'TIMESTAMP'): Promise<void> {
      await connection.run(`CREATE OR REPLACE TABLE "${name}" (journey_id VARCHAR, "timestamp" ${timestampType}, channel VARCHAR, conversions DOUBLE, value DOUBLE, seq DOUBLE)`);
      const appender = await connection.createAppender(name);
      for (const r of rows) {
        appender.appendVarchar(r.journey);
        if (timestampType === 'TIMESTAMP') appender.appendTimestamp(timestampValue(BigInt(r.time) * 1000n));
        else appender.appendDouble(r.time);
        appender.appendVarchar(r.channel);
        appender.appendDouble(r.conversions);
        appender.appendDouble(r.value);
        appender.appendDouble(r.seq);
        appender.endRow();
      }
      appender.closeSync();
    },
    /** Runs SQL and returns plain row objects. */
    async rows(sql: string): Promise<Record<string, unknown>[]> {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
    async run(sql: string): Promise<void> {
      await connection.run(sql);
    },
    close(): void {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export type TestDuckDB = Awaited<ReturnType<typeof openDuckDB>>;
