// SQL for any engine: re-exports only.
export { SQL_DIALECTS, DIALECTS, sqlDialect, type SqlDialect, type SqlDialectName } from './dialects.js';
export { quoteIdentifier, quoteTableName } from './identifiers.js';
export { SQL_MAX_ORDER, type JourneySqlOptions, type SqlTimestampFormat } from './options.js';
export { ROW_PROBLEMS, type RowProblem } from './journey-ctes.js';
export { pathSummarySql, type PathSummarySqlOptions } from './path-summary-sql.js';
export { transitionCountsSql, type TransitionCountsSqlOptions } from './transition-counts-sql.js';
export { inputCheckSql } from './input-check-sql.js';
