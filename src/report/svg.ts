import { px } from './format.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import type { Estimate } from './data/types.js';

/** Size and accessible name of a chart. */
export interface SvgFrame {
  /** Element id (also the prefix of the title id); a test and a link can address the chart by it. */
  readonly id: string;
  /** Width of the drawing in user units (the chart scales to its container). */
  readonly width: number;
  /** Height in user units. */
  readonly height: number;
  /** Accessible name, read by screen readers and shown as the chart's tooltip. */
  readonly title: string;
}

/**
 * The `<svg>` element of a chart: a viewBox so it scales to its container
 * (see the stylesheet), `role="img"` and a `<title>` for assistive technology.
 */
export function svgFrame(frame: SvgFrame, body: HtmlValue): SafeHtml {
  const w = px(frame.width);
  const h = px(frame.height);
  return html`<svg class="chart" id="${frame.id}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-labelledby="${frame.id}-title" xmlns="http://www.w3.org/2000/svg"><title id="${frame.id}-title">${frame.title}</title>${body}</svg>`;
}

/**
 * The value domain of some estimates: always contains 0 (bars start there)
 * and every interval end; `[0, 1]` when everything is 0, so an empty chart
 * still has an axis.
 *
 * @example
 * ```ts
 * valueDomain([{ value: 2, lo: 1, hi: 3 }, { value: -1 }]); // [-1, 3]
 * ```
 */
export function valueDomain(estimates: Iterable<Estimate>): [number, number] {
  let min = 0;
  let max = 0;
  for (const e of estimates) {
    for (const x of [e.value, e.lo, e.hi]) {
      if (x === undefined || !Number.isFinite(x)) continue;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  return min === 0 && max === 0 ? [0, 1] : [min, max];
}

/** Whether an estimate carries a drawable interval. */
export function hasInterval(e: Estimate): e is Estimate & { lo: number; hi: number } {
  return e.lo !== undefined && e.hi !== undefined && Number.isFinite(e.lo) && Number.isFinite(e.hi);
}
