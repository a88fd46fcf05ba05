// The HTML report (`pathcredit/report`): re-exports only. Kept out of the core
// entry point so d3-scale and d3-format load only when a report is made.
export { renderReport, renderReportData } from './render-report.js';
export { reportData, rankChannels, type ReportOptions } from './data/report-data.js';
export type { InputDescription } from './data/summary-data.js';
export type * from './data/types.js';
export { escapeHtml } from './html.js';
export { CHANNEL_PALETTE, OTHER_CHANNEL_COLOR, channelColor } from './palette.js';
