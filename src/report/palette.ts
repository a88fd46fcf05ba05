import { scaleSqrt } from 'd3-scale';

/**
 * Channel colours: Paul Tol's "muted" qualitative scheme, designed to stay
 * distinguishable under the common colour-vision deficiencies and in print.
 * Channels take them in rank order (largest credit first); beyond the ninth,
 * colour no longer helps tell channels apart, so the rest share
 * {@link OTHER_CHANNEL_COLOR}. Every chart also names channels in text.
 */
export const CHANNEL_PALETTE: readonly string[] = ['#CC6677', '#332288', '#DDCC77', '#117733', '#88CCEE', '#882255', '#44AA99', '#999933', '#AA4499'];

/** Colour of channels ranked after the palette runs out. */
export const OTHER_CHANNEL_COLOR = '#9A9A9A';

/** Neutral colours for what is not a channel (path-length bars). */
export const NEUTRAL = { converting: '#3B3B3B', nonConverting: '#C9C9C9' } as const;

/**
 * The heatmap's single-hue ramp, light to dark blue (ColorBrewer "Blues":
 * ordered by lightness, so it reads for every colour vision and in greyscale).
 */
export const HEAT_RAMP: readonly string[] = ['#F7FBFF', '#DEEBF7', '#C6DBEF', '#9ECAE1', '#6BAED6', '#4292C6', '#2171B5', '#08519C', '#08306B'];

/**
 * The colour of the channel at `rank` (0 = largest credit).
 *
 * @example
 * ```ts
 * channelColor(0);  // '#CC6677'
 * channelColor(20); // OTHER_CHANNEL_COLOR
 * ```
 */
export function channelColor(rank: number): string {
  return rank < CHANNEL_PALETTE.length ? CHANNEL_PALETTE[rank] : OTHER_CHANNEL_COLOR;
}

/**
 * The CSS class of the channel at `rank` (`k0` .. `k8`, else `k-other`),
 * for HTML elements such as path chips; the stylesheet maps it to
 * {@link channelColor}.
 */
export function channelClass(rank: number): string {
  return rank < CHANNEL_PALETTE.length ? `k${rank}` : 'k-other';
}

const heat = scaleSqrt<string>()
  .domain(HEAT_RAMP.map((_, i) => (i / (HEAT_RAMP.length - 1)) ** 2))
  .range(HEAT_RAMP)
  .clamp(true);

/**
 * Heatmap fill for a probability in [0, 1]. The ramp follows the square root
 * of the probability so that small but real flows stay visible.
 *
 * @example
 * ```ts
 * heatColor(0); // '#F7FBFF'
 * ```
 */
export function heatColor(probability: number): string {
  // d3 interpolates to `rgb(r, g, b)`; hex is shorter, and a heatmap has thousands of cells.
  const [r, g, b] = heat(probability).match(/\d+/g)!.map(Number);
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1).toUpperCase()}`;
}

/** Whether text on {@link heatColor}(probability) should be light for contrast. */
export function heatNeedsLightText(probability: number): boolean {
  return Math.sqrt(Math.max(0, probability)) > 0.6;
}
