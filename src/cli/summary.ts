import { journeyCount } from '../core/lazy-journey-ids.js';
import type { PathStore } from '../types.js';
import type { LoadedInput } from './load-input.js';

function n(x: number): string {
  // Whole counts (the usual case) without Intl: its first use loads locale
  // data, which costs tens of milliseconds on every run of the CLI.
  if (Number.isSafeInteger(x)) return String(x).replace(/\B(?=(\d{3})+$)/g, ',');
  return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/**
 * The closing summary printed on stderr: rows read, journeys, paths, rows
 * skipped (with samples), and conversions no touch could take.
 */
export function inputSummary(input: LoadedInput): string {
  const s: PathStore = input.store;
  // Counted without decoding journey ids that are decoded on demand.
  let journeys = journeyCount(s) ?? 0;
  if (journeyCount(s) === null) for (let p = 0; p < s.pathCount; p++) journeys += s.conversions[p] + s.nulls[p];
  const lines = [
    `read ${n(input.rowsRead)} rows (${input.format}): ${n(journeys)} journeys, ${n(s.pathCount)} paths, ${n(s.channels.length)} channels, ${n(s.skipped?.count ?? 0)} rows skipped`,
  ];
  if (s.skipped) for (const sample of s.skipped.samples) lines.push(`  skipped: ${sample}`);
  if (s.ignoredRows) lines.push(`  ${n(s.ignoredRows)} rows were neither a touch nor a conversion event (an event without a channel) and are not used`);
  if (s.unattributed) {
    lines.push(`  ${n(s.unattributed.conversions)} conversions (value ${n(s.unattributed.value)}) in ${n(s.unattributed.events)} events had no touch to credit and are not attributed`);
  }
  return `${lines.join('\n')}\n`;
}
