// Result tables and exports: re-exports only.
export { creditsTable, type CreditsTable, type CreditsTableRow, type CreditsTableTotals } from './credits-table.js';
export { toFlatRows, type FlatCreditRow, type FlatRowType } from './flat-rows.js';
export { toArrowTable } from './arrow-table.js';
export { touchCreditRows, iterateTouchCredits, type TouchCreditRow, type TouchCreditRowsOptions } from './touch-credit-rows.js';
