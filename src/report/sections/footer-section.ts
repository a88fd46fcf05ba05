import type { InputFacts, Provenance } from '../data/types.js';
import { formatCount } from '../format.js';
import { html, type SafeHtml } from '../html.js';

/**
 * The reproducibility footer: the exact command, the settings, the input
 * file and row counts, the pathcredit version, the seed and (unless turned
 * off) when the page was made.
 */
export function footerSection(p: Provenance, input: InputFacts, paths: number): SafeHtml {
  const rows: [string, SafeHtml | string][] = [];
  if (p.command !== undefined) rows.push(['Command', html`<code class="command">${p.command}</code>`]);
  if (input.file !== undefined) rows.push(['Input file', html`<code>${input.file}</code>`]);
  const counts = [
    input.rowsRead !== undefined ? `${formatCount(input.rowsRead)} rows read` : null,
    `${formatCount(input.skippedRows)} skipped`,
    `${formatCount(paths)} paths`,
  ].filter((x): x is string => x !== null);
  rows.push(['Rows', counts.join(', ')]);
  if (p.settings.length > 0) {
    rows.push(['Settings', html`<ul class="settings">${p.settings.map(([k, v]) => html`<li><code>${k}</code> ${v}</li>`)}</ul>`]);
  }
  rows.push(['pathcredit', p.version]);
  rows.push(['Seed', p.seed ?? 'none: every number here is computed exactly, without sampling']);
  if (p.generatedAt !== undefined) rows.push(['Generated', p.generatedAt]);
  return html`<footer id="reproduce" aria-labelledby="reproduce-h"><h2 id="reproduce-h">Reproduce this report</h2><dl class="provenance">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl></footer>`;
}
