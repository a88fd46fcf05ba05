import type { ScaleLinear } from 'd3-scale';
import { px } from './format.js';
import { html, type SafeHtml } from './html.js';

/** Where a linear axis goes and how its ticks read. */
export interface LinearAxisOptions {
  /** The scale whose ticks are drawn. */
  readonly scale: ScaleLinear<number, number>;
  /** Approximate number of ticks (d3 picks round values). */
  readonly ticks: number;
  /** d3-format specifier for tick labels, e.g. `,~f` or `~%`. */
  readonly format: string;
  /** Gridlines run from this coordinate... */
  readonly gridFrom: number;
  /** ...to this one (across the plot). */
  readonly gridTo: number;
  /** Coordinate of the tick labels across the axis (a y for horizontal axes, an x for vertical ones). */
  readonly labelAt: number;
}

/**
 * Ticks of a horizontal value axis: a vertical gridline and a label per
 * tick, the zero line drawn darker.
 *
 * @example
 * ```ts
 * horizontalAxis({ scale: scaleLinear([0, 10], [100, 500]), ticks: 5, format: ',~f', gridFrom: 20, gridTo: 300, labelAt: 14 });
 * ```
 */
export function horizontalAxis(o: LinearAxisOptions): SafeHtml {
  const label = o.scale.tickFormat(o.ticks, o.format);
  return html`<g class="axis">${o.scale.ticks(o.ticks).map((t) => {
    const x = px(o.scale(t));
    return html`<line class="${t === 0 ? 'zero' : 'grid'}" x1="${x}" x2="${x}" y1="${px(o.gridFrom)}" y2="${px(o.gridTo)}"/><text class="tick" x="${x}" y="${px(o.labelAt)}" text-anchor="middle">${label(t)}</text>`;
  })}</g>`;
}

/**
 * Ticks of a vertical value axis: a horizontal gridline and a right-aligned
 * label per tick.
 */
export function verticalAxis(o: LinearAxisOptions): SafeHtml {
  const label = o.scale.tickFormat(o.ticks, o.format);
  return html`<g class="axis">${o.scale.ticks(o.ticks).map((t) => {
    const y = px(o.scale(t));
    return html`<line class="${t === 0 ? 'zero' : 'grid'}" x1="${px(o.gridFrom)}" x2="${px(o.gridTo)}" y1="${y}" y2="${y}"/><text class="tick" x="${px(o.labelAt)}" y="${y}" dy="0.32em" text-anchor="end">${label(t)}</text>`;
  })}</g>`;
}

/**
 * Shortens a label to at most `max` characters (whole code points) with an
 * ellipsis; charts keep the full name in a tooltip and the tables show it whole.
 *
 * @example
 * ```ts
 * truncateLabel('Affiliate, Partner network', 12); // 'Affiliate, …'
 * ```
 */
export function truncateLabel(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
}
