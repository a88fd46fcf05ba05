import { scaleLinear } from 'd3-scale';
import { truncateLabel, verticalAxis } from '../axis.js';
import { px } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { svgFrame } from '../svg.js';

/** One line: a channel's values over the x positions. */
export interface LineSeries {
  /** Label written at the line's right end (a channel name; escaped). */
  readonly label: string;
  /** Stroke colour. */
  readonly color: string;
  /** One value per x position. */
  readonly values: readonly number[];
}

/** Input of {@link lineChart}. */
export interface LineChartInput {
  /** Element id of the chart. */
  readonly id: string;
  /** Accessible title. */
  readonly title: string;
  /** Labels of the x positions (e.g. window ends), oldest first. */
  readonly xLabels: readonly string[];
  /** The lines. */
  readonly series: readonly LineSeries[];
  /** Formats a value for tooltips. */
  readonly formatValue: (x: number) => string;
  /** d3-format specifier of the y ticks. */
  readonly tickFormat: string;
}

/** Layout of {@link lineChart}, in user units. */
export const LINE_CHART_LAYOUT = { width: 640, height: 260, left: 56, right: 150, top: 12, bottom: 34, labelGap: 11 } as const;

const L = LINE_CHART_LAYOUT;

/**
 * Lines over ordered x positions (credit per window end): one line per
 * channel in its colour, labelled at its right end (labels pushed apart so they
 * never overlap, no legend to decode), a dot and a tooltip per point, a value
 * axis from 0, and up to six x labels spread evenly, first and last always.
 *
 * @example
 * ```ts
 * lineChart({ id: 'w', title: 'Credit over time', xLabels: ['2024-03-03', '2024-03-10'],
 *   series: [{ label: 'search', color: '#CC6677', values: [4, 5.5] }], formatValue: String, tickFormat: ',~f' });
 * ```
 */
export function lineChart(input: LineChartInput): SafeHtml {
  const n = input.xLabels.length;
  const plotRight = L.width - L.right;
  const plotBottom = L.height - L.bottom;
  const x = (i: number) => (n === 1 ? (L.left + plotRight) / 2 : L.left + ((plotRight - L.left) * i) / (n - 1));
  let max = 0;
  for (const s of input.series) for (const v of s.values) if (v > max) max = v;
  const y = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([plotBottom, L.top])
    .nice(5);
  const axis = verticalAxis({ scale: y, ticks: 5, format: input.tickFormat, gridFrom: L.left, gridTo: plotRight, labelAt: L.left - 6 });
  // Every k-th label and the last; a regular label too close to the last gives way to it.
  const every = Math.max(1, Math.ceil((n - 1) / 5));
  const shown = new Set<number>();
  for (let i = 0; i < n; i += every) shown.add(i);
  const lastRegular = Math.floor((n - 1) / every) * every;
  if (lastRegular !== n - 1 && n - 1 - lastRegular < every * 0.6 && lastRegular > 0) shown.delete(lastRegular);
  shown.add(n - 1);
  const ticks = input.xLabels.map((label, i) =>
    shown.has(i)
      ? html`<line class="grid" x1="${px(x(i))}" x2="${px(x(i))}" y1="${px(plotBottom)}" y2="${px(plotBottom + 4)}"/><text class="tick" x="${px(x(i))}" y="${px(plotBottom + 16)}" text-anchor="middle">${label}</text>`
      : null,
  );
  const lines = input.series.map((s) => {
    const d = s.values.map((v, i) => `${i === 0 ? 'M' : 'L'}${px(x(i))} ${px(y(v))}`).join('');
    const dots = s.values.map((v, i) => html`<circle class="point" cx="${px(x(i))}" cy="${px(y(v))}" r="2.4" fill="${s.color}"><title>${s.label} · ${input.xLabels[i]}: ${input.formatValue(v)}</title></circle>`);
    return html`<g class="line-series"><path class="line" d="${d}" stroke="${s.color}"/>${dots}</g>`;
  });
  // End labels, pushed apart downwards then back up so none overlaps or leaves the plot.
  const ends = input.series.map((s, k) => ({ k, at: y(s.values[n - 1] ?? 0) })).sort((a, b) => a.at - b.at);
  for (let i = 1; i < ends.length; i++) ends[i].at = Math.max(ends[i].at, ends[i - 1].at + L.labelGap);
  for (let i = ends.length - 1; i >= 0; i--) ends[i].at = Math.min(ends[i].at, (i === ends.length - 1 ? plotBottom : ends[i + 1].at - L.labelGap));
  const labels = ends.map(({ k, at }) => {
    const s = input.series[k];
    return html`<text class="series" x="${px(plotRight + 8)}" y="${px(at)}" dy="0.32em" fill="${s.color}">${truncateLabel(s.label, 22)}<title>${s.label}</title></text>`;
  });
  return svgFrame({ id: input.id, width: L.width, height: L.height, title: input.title }, [axis, ticks, lines, labels]);
}
