// CSV input and output: re-exports only.
export type { CsvSource, TimestampFormat, CsvTextOptions, CsvTouchpointOptions, CsvPathOptions, CsvLayout, CsvReadOptions } from './options.js';
export { TIMESTAMP_FORMATS } from './options.js';
export { readCsvTouchpoints } from './read-touchpoints.js';
export { readCsvPaths } from './read-paths.js';
export { readCsv } from './read-csv.js';
export { parseIsoTimestampBytes } from './parse-timestamp.js';
export { writeCsv, csvCell, type CsvWriteOptions } from './write-csv.js';
