import { rowProbabilities } from '../charts/heatmap.js';
import type { ReportChannel, TransitionMatrix } from '../data/types.js';
import { formatCount, formatPercent, px } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { dataTable } from '../table.js';

/** Above this many transitions the full list is left to `pathcredit transitions` (the page stays small). */
export const MAX_LISTED_TRANSITIONS = 2000;

/** One non-zero cell of the transition matrix. */
export interface Flow {
  readonly row: number;
  readonly col: number;
  readonly count: number;
  readonly probability: number;
}

/** Non-zero transitions, largest count first (ties: matrix order). */
export function flowsByCount(m: TransitionMatrix): Flow[] {
  const p = rowProbabilities(m.counts);
  const flows: Flow[] = [];
  m.counts.forEach((row, r) => row.forEach((count, c) => count > 0 && flows.push({ row: r, col: c, count, probability: p[r][c] })));
  return flows.sort((a, b) => b.count - a.count || a.row - b.row || a.col - b.col);
}

function stateLabel(label: string, channel: number, channels: readonly ReportChannel[]): SafeHtml {
  return channel >= 0 ? html`<span class="chip ${channels[channel].colorClass}">${label}</span>` : html`<span class="state">${label}</span>`;
}

/** The top `limit` flows as a table with a bar of each flow's share of the largest. */
export function topFlowsTable(m: TransitionMatrix, channels: readonly ReportChannel[], limit: number): SafeHtml {
  const flows = flowsByCount(m).slice(0, limit);
  if (flows.length === 0) return html`<p>No transitions.</p>`;
  const total = m.counts.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0);
  const max = flows[0].count;
  return dataTable({
    id: 'top-flows',
    caption: `Top ${flows.length} flows by journeys`,
    columns: [{ label: 'From' }, { label: 'To' }, { label: 'Journeys', numeric: true }, { label: 'Share of all steps', numeric: true }, { label: 'P(to | from)', numeric: true }],
    rows: flows.map((f) => [
      { content: stateLabel(m.rowLabels[f.row], m.rowChannels[f.row], channels), sort: m.rowLabels[f.row] },
      { content: stateLabel(m.colLabels[f.col], m.colChannels[f.col], channels), sort: m.colLabels[f.col] },
      { content: html`<span class="flow-bar"><span class="flow-fill" style="width:${px((100 * f.count) / max)}%"></span></span>${formatCount(f.count)}`, sort: f.count },
      { content: formatPercent(f.count / total), sort: f.count },
      { content: formatPercent(f.probability), sort: f.probability },
    ]),
  });
}

/** Every transition with its count and probability, folded away by default. */
export function allTransitionsTable(m: TransitionMatrix): SafeHtml {
  const flows = flowsByCount(m);
  if (flows.length > MAX_LISTED_TRANSITIONS) {
    return html`<p class="note">${formatCount(flows.length)} transitions: too many to list here; <code>pathcredit transitions</code> writes them all.</p>`;
  }
  const table = dataTable({
    id: 'all-transitions',
    caption: 'Every order-1 transition',
    columns: [{ label: 'From' }, { label: 'To' }, { label: 'Journeys', numeric: true }, { label: 'P(to | from)', numeric: true }],
    rows: flows.map((f) => [
      { content: m.rowLabels[f.row] },
      { content: m.colLabels[f.col] },
      { content: formatCount(f.count), sort: f.count },
      { content: formatPercent(f.probability), sort: f.probability },
    ]),
  });
  return html`<details class="all-transitions"><summary>All ${formatCount(flows.length)} transitions as a table</summary>${table}</details>`;
}
