import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIALECTS, SQL_DIALECTS, inputCheckSql, pathSummarySql, quoteIdentifier, transitionCountsSql } from '../src/index.js';

// Golden files of the generated SQL for every dialect, so a change to any
// template shows up in review. BigQuery, Snowflake, Redshift and Spark cannot
// run here (docs/engines.md says how to run these files there); DuckDB and
// PostgreSQL also run the same statements in other tests.
// Regenerate after an intended change: UPDATE_GOLDEN=1 npx vitest run test/sql-golden.test.ts
const root = fileURLToPath(new URL('../fixtures/sql/', import.meta.url));
const options = { table: 'analytics.events', lookback: '30d', maxTouches: 20, sequenceColumn: 'event_index' } as const;
const queries = {
  paths: (dialect: string) => pathSummarySql({ ...options, dialect }),
  'transitions-order-2': (dialect: string) => transitionCountsSql({ ...options, dialect, order: 2 }),
  'transitions-order-3-collapsed': (dialect: string) => transitionCountsSql({ ...options, dialect, order: 3, collapseRepeats: true }),
  check: (dialect: string) => inputCheckSql({ ...options, dialect }),
};

describe('golden SQL files', () => {
  for (const dialect of SQL_DIALECTS) {
    for (const [name, make] of Object.entries(queries)) {
      it(`${dialect}: ${name}`, () => {
        const file = join(root, dialect, `${name}.sql`);
        const sql = make(dialect);
        if (process.env.UPDATE_GOLDEN === '1') {
          mkdirSync(join(root, dialect), { recursive: true });
          writeFileSync(file, sql);
        }
        expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
        expect(sql).toBe(readFileSync(file, 'utf8'));
      });
    }
  }
});

describe('no user string reaches SQL unquoted', () => {
  const hostile = `x'); DROP TABLE t; --`;
  for (const dialect of SQL_DIALECTS) {
    it(`${dialect}: names are quoted identifiers, and only there`, () => {
      const names = { journeyColumn: hostile, channelColumn: `${hostile}2`, timestampColumn: `${hostile}3`, conversionsColumn: `${hostile}4`, valueColumn: `${hostile}5` };
      for (const sql of [
        pathSummarySql({ dialect, table: hostile, ...names }),
        transitionCountsSql({ dialect, table: hostile, ...names, order: 2 }),
        inputCheckSql({ dialect, table: hostile, ...names }),
      ]) {
        let stripped = sql;
        for (const n of [hostile, names.channelColumn, names.timestampColumn, names.conversionsColumn, names.valueColumn]) {
          stripped = stripped.replaceAll(quoteIdentifier(DIALECTS[dialect], n, 'name'), 'Q');
        }
        expect(stripped).not.toContain('DROP TABLE');
      }
    });
  }
});
