import type { ReportChannel } from '../data/types.js';
import { html, type SafeHtml } from '../html.js';

/** Chips beyond this many are summarised as "+N more" (the full path stays in the tooltip). */
const MAX_CHIPS = 12;

/** Plain-text form of a path: channel names joined by ` > `. */
export function pathText(path: readonly number[], channels: readonly ReportChannel[]): string {
  return path.map((i) => channels[i].name).join(' > ');
}

/**
 * A path as a row of channel chips, each edged in its channel's colour and
 * named in text, separated by arrows.
 */
export function pathChips(path: readonly number[], channels: readonly ReportChannel[]): SafeHtml {
  const shown = path.slice(0, MAX_CHIPS);
  const more = path.length - shown.length;
  const chips = shown.map(
    (i, k) => html`${k > 0 ? html`<span class="sep" aria-hidden="true">›</span>` : null}<span class="chip ${channels[i].colorClass}">${channels[i].name}</span>`,
  );
  return html`<span class="path" title="${pathText(path, channels)}">${chips}${more > 0 ? html`<span class="sep">+${more} more</span>` : null}</span>`;
}

/** A channel name with a colour swatch, for table row headers. */
export function channelLabel(channel: ReportChannel): SafeHtml {
  return html`<span class="swatch ${channel.colorClass}" aria-hidden="true"></span>${channel.name}`;
}
