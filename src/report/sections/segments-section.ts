import type { ReportChannel, SegmentsSummary } from '../data/types.js';
import { formatCount, formatCredit, formatPercent } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { dataTable, type TableCell } from '../table.js';
import { modelLabel } from './models-section.js';

/** Channels given a column in the share tables; the rest are summed into one. */
const SHARE_COLUMNS = 9;

/**
 * The segments section: each segment's journeys and conversions, then per
 * model the share of each segment's conversions credited to each channel
 * beside the all-segments share; with intervals, ▲ / ▼ mark shares whose
 * difference from all segments excludes 0.
 */
export function segmentsSection(s: SegmentsSummary, channels: readonly ReportChannel[]): SafeHtml {
  const sizes = dataTable({
    id: 'segments-table',
    caption: `Segments by ${s.columns.join(' x ')}`,
    columns: [{ label: 'Segment' }, { label: 'Journeys', numeric: true }, { label: 'Conversions', numeric: true }, { label: 'Conversion rate', numeric: true }, { label: 'Value', numeric: true }],
    rows: s.segments.map((x) => [
      { content: x.label },
      { content: formatCount(x.journeys), sort: x.journeys },
      { content: formatCount(x.conversions), sort: x.conversions },
      { content: formatPercent(x.journeys > 0 ? x.conversions / x.journeys : 0), sort: x.journeys > 0 ? x.conversions / x.journeys : 0 },
      { content: formatCredit(x.value), sort: x.value },
    ]),
  });
  const shown = channels.slice(0, SHARE_COLUMNS);
  const rest = channels.length - shown.length;
  const tables = s.models.map((m, k) => {
    const cells = (shares: readonly number[], verdicts?: readonly string[]): TableCell[] => [
      ...shown.map((_, c): TableCell => {
        const mark = verdicts?.[c] === 'higher' ? ' ▲' : verdicts?.[c] === 'lower' ? ' ▼' : '';
        return { content: html`${formatPercent(shares[c])}${mark ? html`<span class="mark" title="${verdicts![c]} than all segments">${mark}</span>` : null}`, sort: shares[c] };
      }),
      ...(rest > 0 ? [{ content: formatPercent(shares.slice(SHARE_COLUMNS).reduce((a, b) => a + b, 0)) }] : []),
    ];
    const table = dataTable({
      id: `segment-shares-${k}`,
      caption: `${modelLabel(m.model)}: share of each segment's conversions by channel`,
      columns: [{ label: 'Segment' }, ...shown.map((c) => ({ label: c.name, numeric: true })), ...(rest > 0 ? [{ label: `${rest} more`, numeric: true }] : [])],
      rows: s.segments.map((x, i) => [{ content: x.label }, ...cells(m.shares[i], m.verdicts?.[i])]),
      footer: [{ content: 'All segments' }, ...cells(m.allShares)],
    });
    return k === 0 ? table : html`<details><summary>${modelLabel(m.model)}</summary>${table}</details>`;
  });
  const legend =
    s.level !== undefined
      ? html`<p>▲ / ▼: the segment's share is above / below the all-segments share; the ${Math.round(s.level * 100)}% bootstrap interval of the difference excludes 0 (paired: both come from the same resampled journeys).</p>`
      : html`<p class="note">Run with <code>--intervals</code> to mark which segment shares differ from all segments beyond sampling noise.</p>`;
  return html`<section id="segments" aria-labelledby="segments-h"><h2 id="segments-h">Segments</h2>
<p>Every model ran once per segment (on that segment's journeys alone) and on all journeys. A segment's share of a channel is the channel's credit in the segment over the segment's conversions.</p>
${sizes}${legend}${tables}
</section>`;
}
