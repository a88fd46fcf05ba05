import { scaleBand, scaleLinear } from 'd3-scale';
import { verticalAxis } from '../axis.js';
import type { PathLengthBin } from '../data/types.js';
import { formatCount, px } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { NEUTRAL } from '../palette.js';
import { svgFrame } from '../svg.js';

/** Layout of {@link pathLengthHistogram}, in user units. */
export const HISTOGRAM_LAYOUT = { width: 600, height: 240, left: 56, right: 8, top: 28, bottom: 36 } as const;

const L = HISTOGRAM_LAYOUT;

/**
 * Path-length histogram: one column per length, converting journeys at the
 * bottom (dark) and non-converting journeys stacked on top (light), a legend
 * in words, and a y axis of journeys.
 *
 * @example
 * ```ts
 * pathLengthHistogram('lengths', [{ label: '1', converting: 5, nonConverting: 20 }, { label: '2+', converting: 3, nonConverting: 9 }]);
 * ```
 */
export function pathLengthHistogram(id: string, bins: readonly PathLengthBin[]): SafeHtml {
  const x = scaleBand<string>()
    .domain(bins.map((b) => b.label))
    .range([L.left, L.width - L.right])
    .paddingInner(0.15)
    .paddingOuter(0.1);
  const max = Math.max(0, ...bins.map((b) => b.converting + b.nonConverting));
  const y = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([L.height - L.bottom, L.top])
    .nice(5);
  const axis = verticalAxis({ scale: y, ticks: 5, format: ',~s', gridFrom: L.left - 4, gridTo: L.width - L.right, labelAt: L.left - 8 });
  const w = x.bandwidth();
  const columns = bins.map((b) => {
    const left = x(b.label)!;
    const yConv = y(b.converting);
    const yTop = y(b.converting + b.nonConverting);
    const tip = `length ${b.label}: ${formatCount(b.converting)} converting, ${formatCount(b.nonConverting)} not converting`;
    return html`<g class="bin"><title>${tip}</title><rect class="bar" data-kind="converting" x="${px(left)}" y="${px(yConv)}" width="${px(w)}" height="${px(y(0) - yConv)}" fill="${NEUTRAL.converting}"/><rect class="bar" data-kind="non-converting" x="${px(left)}" y="${px(yTop)}" width="${px(w)}" height="${px(yConv - yTop)}" fill="${NEUTRAL.nonConverting}"/><text class="tick" x="${px(left + w / 2)}" y="${px(L.height - L.bottom + 14)}" text-anchor="middle">${b.label}</text></g>`;
  });
  const legend = html`<g class="legend"><rect x="${L.left}" y="6" width="10" height="10" fill="${NEUTRAL.converting}"/><text x="${L.left + 14}" y="15">converting</text><rect x="${L.left + 100}" y="6" width="10" height="10" fill="${NEUTRAL.nonConverting}"/><text x="${L.left + 114}" y="15">not converting</text></g>`;
  const xTitle = html`<text class="axis-title" x="${px((L.left + L.width - L.right) / 2)}" y="${L.height - 4}" text-anchor="middle">touches per path</text>`;
  return svgFrame({ id, width: L.width, height: L.height, title: 'Journeys by path length, converting and not converting' }, [axis, columns, legend, xTitle]);
}
