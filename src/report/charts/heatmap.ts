import { truncateLabel } from '../axis.js';
import type { TransitionMatrix } from '../data/types.js';
import { formatCount, formatPercent, px } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { heatColor, heatNeedsLightText } from '../palette.js';
import { svgFrame } from '../svg.js';

/** Layout of {@link transitionHeatmap}, in user units. */
export const HEATMAP_LAYOUT = {
  width: 600,
  /** Room for row labels. */
  rowLabelWidth: 132,
  /** Room for the rotated column labels. */
  colLabelHeight: 96,
  /** Largest cell side. */
  maxCell: 40,
  /** Cells at least this big print their probability. */
  minCellForText: 24,
} as const;

const L = HEATMAP_LAYOUT;

/** Row-normalised probabilities of a count matrix (a row of zeros stays zero). */
export function rowProbabilities(counts: readonly (readonly number[])[]): number[][] {
  return counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((c) => (total > 0 ? c / total : 0));
  });
}

/**
 * The transition matrix as a heatmap: rows are "from" states, columns "to"
 * states, each cell coloured by the row probability P(to | from) on a
 * single-hue ramp. Every cell carries its count and probability in a tooltip;
 * cells large enough also print the probability. Cells with no transition are
 * drawn empty (white with a faint border).
 *
 * @example
 * ```ts
 * transitionHeatmap('heat', { rowLabels: ['(start)', 'a'], colLabels: ['a', '(conversion)', '(null)'],
 *   rowChannels: [-1, 0], colChannels: [0, -1, -1], counts: [[2, 0, 0], [0, 1, 1]] });
 * ```
 */
export function transitionHeatmap(id: string, m: TransitionMatrix): SafeHtml {
  const rows = m.rowLabels.length;
  const cols = m.colLabels.length;
  const cell = Math.min(L.maxCell, (L.width - L.rowLabelWidth - 4) / Math.max(1, cols));
  const top = L.colLabelHeight;
  const width = L.rowLabelWidth + cols * cell + 4;
  const height = top + rows * cell + 4;
  const p = rowProbabilities(m.counts);
  const withText = cell >= L.minCellForText;
  const labelChars = Math.max(4, Math.floor(L.colLabelHeight / 6.2));
  const colLabels = m.colLabels.map((label, c) => {
    const cx = px(L.rowLabelWidth + c * cell + cell / 2 + 4);
    return html`<text class="col-label" transform="translate(${cx} ${px(top - 6)}) rotate(-55)">${truncateLabel(label, labelChars)}<title>${label}</title></text>`;
  });
  const rowLabels = m.rowLabels.map(
    (label, r) => html`<text class="row-label" x="${L.rowLabelWidth - 6}" y="${px(top + r * cell + cell / 2)}" dy="0.32em" text-anchor="end">${truncateLabel(label, 20)}<title>${label}</title></text>`,
  );
  // A channel followed by itself is one state of the order-1 chain (repeats merge), so its
  // diagonal cell holds no count by construction: drawn grey, not as "no journey".
  const folded = m.otherChannels !== undefined ? m.colChannels.indexOf(-1) : -1;
  const cells = m.counts.map((row, r) =>
    row.map((count, c) => {
      const prob = p[r][c];
      const x = px(L.rowLabelWidth + c * cell);
      const y = px(top + r * cell);
      const merged = r >= 1 && c === r - 1 && c !== folded && count === 0;
      const tip = `${m.rowLabels[r]} → ${m.colLabels[c]}: ${count > 0 ? `${formatCount(count)} (${formatPercent(prob)} of ${m.rowLabels[r]})` : merged ? 'repeats of a channel merge into one state at order 1 (not counted here)' : 'no transitions'}`;
      const fill = count > 0 ? heatColor(prob) : merged ? '#E4E4E4' : '#FFFFFF';
      const text =
        withText && count > 0
          ? html`<text class="cell-text${heatNeedsLightText(prob) ? ' light' : ''}" x="${px(L.rowLabelWidth + c * cell + cell / 2)}" y="${px(top + r * cell + cell / 2)}" dy="0.32em" text-anchor="middle">${Math.round(prob * 100)}</text>`
          : null;
      const rect = html`<rect class="cell${count > 0 ? '' : merged ? ' merged' : ' empty'}" x="${x}" y="${y}" width="${px(cell)}" height="${px(cell)}" fill="${fill}" data-count="${count}" data-probability="${prob}"><title>${tip}</title></rect>`;
      return text ? html`<g>${rect}${text}</g>` : rect;
    }),
  );
  return svgFrame(
    { id, width, height, title: 'Order-1 transition matrix: rows are where journeys come from, columns where they go next; darker means a larger share of the row' },
    [colLabels, rowLabels, cells],
  );
}

/** A key for the heatmap ramp: swatches from 0% to 100% of the row. */
export function heatLegend(id: string): SafeHtml {
  const stops = [0, 0.05, 0.25, 0.5, 0.75, 1];
  const swatches = stops.map(
    (s, i) => html`<rect x="${i * 52}" y="0" width="48" height="14" fill="${heatColor(s)}" stroke="#BBBBBB" stroke-width="0.5"/><text class="tick" x="${i * 52 + 24}" y="28" text-anchor="middle">${Math.round(s * 100)}%</text>`,
  );
  return svgFrame({ id, width: stops.length * 52, height: 32, title: 'Colour key: share of the row' }, swatches);
}
