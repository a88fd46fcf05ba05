import { scaleLinear } from 'd3-scale';
import { horizontalAxis, truncateLabel } from '../axis.js';
import type { Estimate } from '../data/types.js';
import { px } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { hasInterval, svgFrame, valueDomain } from '../svg.js';

/** A group of bars (a channel) and its colour. */
export interface BarGroup {
  /** Label drawn for the group (a channel name; escaped). */
  readonly label: string;
  /** Fill of the group's bars. */
  readonly color: string;
}

/** Input of {@link groupedBars}. */
export interface GroupedBarsInput {
  /** Element id of the chart. */
  readonly id: string;
  /** Accessible title. */
  readonly title: string;
  /** Groups, top to bottom. */
  readonly groups: readonly BarGroup[];
  /** Series names (bars inside every group, in this order), e.g. model names. */
  readonly series: readonly string[];
  /** `values[group][series]`; an interval draws a whisker. */
  readonly values: readonly (readonly Estimate[])[];
  /** Formats a value for its label and tooltip. */
  readonly formatValue: (x: number) => string;
  /** d3-format specifier of the axis ticks. */
  readonly tickFormat: string;
}

/** Layout of {@link groupedBars}, in user units (exported for tests and docs). */
export const GROUPED_BARS_LAYOUT = {
  width: 600,
  /** Left edge of the plot: series labels (or, with one series, group labels) sit left of it. */
  plotLeft: 150,
  /** Room right of the plot for value labels. */
  plotRightPad: 70,
  /** Height of the top axis band. */
  axisBand: 22,
  /** Height of a group's label line (several series). */
  groupHeader: 18,
  barHeight: 11,
  barStep: 14,
  groupGap: 10,
} as const;

const L = GROUPED_BARS_LAYOUT;

/**
 * Horizontal grouped bars: one group per channel, one bar per series inside
 * it, all bars of a group in the group's colour, with series named next to
 * each bar (no colour legend to decode), a value label at the end of each bar
 * and, where an estimate has `lo` and `hi`, an interval whisker. With a single
 * series, each group is one bar labelled with the group name. The axis always
 * includes 0; negative values draw leftwards.
 *
 * @example
 * ```ts
 * groupedBars({ id: 'c', title: 'Conversions', groups: [{ label: 'Email', color: '#CC6677' }],
 *   series: ['linear', 'markov'], values: [[{ value: 5.75 }, { value: 5.18, lo: 4.9, hi: 5.5 }]],
 *   formatValue: String, tickFormat: ',~f' });
 * ```
 */
export function groupedBars(input: GroupedBarsInput): SafeHtml {
  const single = input.series.length === 1;
  const groupHeight = (single ? 0 : L.groupHeader) + input.series.length * L.barStep + (single ? 4 : L.groupGap);
  const plotTop = L.axisBand;
  const plotBottom = plotTop + input.groups.length * groupHeight;
  const height = plotBottom + 8;
  const x = scaleLinear()
    .domain(valueDomain(input.values.flat()))
    .range([L.plotLeft, L.width - L.plotRightPad])
    .nice(5);
  const x0 = x(0);
  const axis = horizontalAxis({ scale: x, ticks: 5, format: input.tickFormat, gridFrom: plotTop - 4, gridTo: plotBottom, labelAt: 14 });
  const groups = input.groups.map((group, g) => {
    const top = plotTop + g * groupHeight;
    const header = single
      ? null
      : html`<rect class="swatch" x="0" y="${px(top + 3)}" width="10" height="10" fill="${group.color}"/><text class="group" x="14" y="${px(top + 12)}">${truncateLabel(group.label, 70)}<title>${group.label}</title></text>`;
    const bars = input.series.map((series, s) => {
      const e = input.values[g][s];
      const y = top + (single ? 0 : L.groupHeader) + s * L.barStep;
      const xv = x(e.value);
      const interval = hasInterval(e) ? e : null;
      const tip = `${group.label} · ${series}: ${input.formatValue(e.value)}${interval ? ` (interval ${input.formatValue(interval.lo)} to ${input.formatValue(interval.hi)})` : ''}`;
      const mid = px(y + L.barHeight / 2);
      // A white halo under the whisker keeps it visible on dark bars.
      const d = interval
        ? `M${px(x(interval.lo))} ${mid}H${px(x(interval.hi))}M${px(x(interval.lo))} ${px(y + 2)}V${px(y + L.barHeight - 2)}M${px(x(interval.hi))} ${px(y + 2)}V${px(y + L.barHeight - 2)}`
        : null;
      const whisker = d ? html`<path class="whisker-halo" d="${d}"/><path class="whisker" d="${d}"/>` : null;
      const labelX = Math.max(x0, xv, interval ? x(interval.hi) : -Infinity) + 4;
      const name = single ? truncateLabel(group.label, 22) : truncateLabel(series, 22);
      return html`<text class="series" x="${L.plotLeft - 6}" y="${px(y + 9)}" text-anchor="end">${name}</text><rect class="bar" x="${px(Math.min(x0, xv))}" y="${px(y)}" width="${px(Math.abs(xv - x0))}" height="${L.barHeight}" fill="${group.color}" data-group="${g}" data-series="${s}"><title>${tip}</title></rect>${whisker}<text class="value" x="${px(labelX)}" y="${px(y + 9)}">${input.formatValue(e.value)}</text>`;
    });
    return html`<g class="bar-group">${header}${bars}</g>`;
  });
  return svgFrame({ id: input.id, width: L.width, height, title: input.title }, [axis, groups]);
}
