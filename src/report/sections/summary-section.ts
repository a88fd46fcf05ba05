import { pathLengthHistogram } from '../charts/histogram.js';
import type { DataSummary, ReportChannel } from '../data/types.js';
import { counted, formatCount, formatCredit, formatPercent } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { dataTable } from '../table.js';
import { pathChips, pathText } from './path-chips.js';

/**
 * The data summary: headline counts, what was read and left out, the
 * path-length histogram and the top paths by conversions.
 */
export function summarySection(s: DataSummary, channels: readonly ReportChannel[]): SafeHtml {
  const journeysNote = s.journeysAreIds ? 'distinct journey ids' : 'conversions + non-converting journeys of the path rows';
  const rate = s.convertingJourneys + s.nonConvertingJourneys > 0 ? s.convertingJourneys / (s.convertingJourneys + s.nonConvertingJourneys) : 0;
  const kpis: [string, string, string?][] = [
    ['Journeys', formatCount(s.journeys), journeysNote],
    // The rate is over paths (converting + not converting): with journey ids, a journey cut after
    // each conversion is several paths, so say which denominator it is.
    ['Converting journeys', formatCount(s.convertingJourneys), s.journeysAreIds ? `${formatPercent(rate)} of paths convert` : `conversion rate ${formatPercent(rate)}`],
    ['Conversions', formatCount(s.conversions)],
    ['Value', formatCredit(s.value)],
    ['Paths', formatCount(s.paths), s.journeysAreIds ? 'journeys cut after each conversion' : 'input path rows'],
    ['Unique paths', formatCount(s.uniquePaths), 'distinct channel sequences'],
    ['Channels', formatCount(channels.length)],
    ['Touches', formatCount(s.touches)],
  ];
  return html`<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Data summary</h2>
<dl class="kpis">${kpis.map(([k, v, note]) => html`<div><dt>${k}</dt><dd>${v}</dd>${note ? html`<dd class="kpi-note">${note}</dd>` : null}</div>`)}</dl>
${inputFacts(s)}
<figure><figcaption><h3>Path length</h3>How many touches journeys had before converting (dark) or ending without a conversion (light).</figcaption>${pathLengthHistogram('path-lengths', s.pathLengths)}</figure>
${topPathsTable(s, channels)}
</section>`;
}

function inputFacts(s: DataSummary): SafeHtml {
  const i = s.input;
  const items: SafeHtml[] = [];
  if (i.file !== undefined) items.push(html`<li>Input <code>${i.file}</code>${i.format ? html` (${i.format})` : null}${i.rowsRead !== undefined ? html`: ${formatCount(i.rowsRead)} rows read` : null}.</li>`);
  else if (i.rowsRead !== undefined) items.push(html`<li>${formatCount(i.rowsRead)} input rows read.</li>`);
  items.push(html`<li>${i.skippedRows > 0 ? html`<strong>${counted(i.skippedRows, 'invalid row')} skipped</strong>` : 'No rows skipped'}.</li>`);
  if (i.unattributed) {
    const u = i.unattributed;
    items.push(html`<li><strong>${counted(u.conversions, 'conversion')}</strong> (value ${formatCredit(u.value)}) in ${counted(u.events, 'event')} with no touch to credit, not attributed to any channel.</li>`);
  }
  items.push(html`<li>${i.lookback !== undefined ? html`Touches older than <strong>${i.lookback}</strong> before the conversion were dropped.` : 'No lookback window.'}</li>`);
  items.push(html`<li>${i.maxTouches !== undefined ? html`Paths were cut to their last <strong>${formatCount(i.maxTouches)}</strong> touches.` : 'No cap on touches per path.'}</li>`);
  const samples =
    i.skippedSamples.length > 0
      ? html`<details><summary>Examples of skipped rows</summary><ul class="samples">${i.skippedSamples.map((m) => html`<li><code>${m}</code></li>`)}</ul></details>`
      : null;
  return html`<h3>What was read and what was left out</h3><ul class="facts">${items}</ul>${samples}`;
}

function topPathsTable(s: DataSummary, channels: readonly ReportChannel[]): SafeHtml {
  if (s.topPaths.length === 0) return html`<p>No converting path.</p>`;
  return dataTable({
    id: 'top-paths',
    caption: `Top ${s.topPaths.length} paths by conversions`,
    columns: [
      { label: 'Path' },
      { label: 'Conversions', numeric: true },
      { label: 'Share', numeric: true },
      { label: 'Not converting', numeric: true },
      { label: 'Conversion rate', numeric: true },
      { label: 'Value', numeric: true },
    ],
    rows: s.topPaths.map((p) => {
      const rate = p.conversions / (p.conversions + p.nulls);
      return [
        { content: pathChips(p.channels, channels), sort: pathText(p.channels, channels) },
        { content: formatCount(p.conversions), sort: p.conversions },
        { content: formatPercent(s.conversions > 0 ? p.conversions / s.conversions : 0), sort: p.conversions },
        { content: formatCount(p.nulls), sort: p.nulls },
        { content: formatPercent(rate), sort: rate },
        { content: formatCredit(p.value), sort: p.value },
      ];
    }),
  });
}
