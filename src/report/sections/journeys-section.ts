import { FLOW_END_COLORS, flowSankey } from '../charts/sankey.js';
import { FLOW_DIAGRAM_CHANNELS } from '../data/flow-data.js';
import type { FlowDiagram, JourneyFlowSummary, ReportChannel } from '../data/types.js';
import { formatCount, formatPercent } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { dataTable } from '../table.js';

/**
 * The journey flow section: a Sankey-style diagram of the first steps of all
 * journeys, where they stall, and, with segments, the same for each of the
 * largest segments behind a selector (radio buttons styled as tabs: it works
 * without JavaScript; in print every panel is shown, as small multiples).
 */
export function journeysSection(flows: JourneyFlowSummary, channels: readonly ReportChannel[]): SafeHtml {
  const minStall = flows.minStallJourneys;
  const panels = [flows.all, ...flows.segments];
  const intro = html`<p>Each column is a step of the journey (its first touch, second touch, ...), each bar a channel at that step, as tall as the journeys reaching it; bands carry journeys to the channel of their next touch. After each step the journeys that end branch off to the next column: <span class="swatch" style="--c:${FLOW_END_COLORS.conversion}"></span>converted (dark), <span class="swatch" style="--c:${FLOW_END_COLORS.null}"></span>dropped off without converting (light); the last column also holds those with <span class="swatch" style="--c:${FLOW_END_COLORS.continues}"></span>more steps. Beyond the ${FLOW_DIAGRAM_CHANNELS} largest channels of a step, the rest share one bar. Hover or tap a bar or band for its journeys.</p>`;
  if (flows.segments.length === 0) {
    return html`<section id="journeys" aria-labelledby="journeys-h"><h2 id="journeys-h">Journey flows</h2>${intro}${panel(flows.all, 0, channels, minStall)}</section>`;
  }
  const tabs = panels.map((d, i) => html`<input type="radio" name="flow-tab" id="flow-tab-${i}" class="flow-tab-input"${i === 0 ? html` checked` : null}>`);
  const labels = panels.map((d, i) => html`<label for="flow-tab-${i}">${d.label} <span class="flow-count">${formatCount(d.journeys)}</span></label>`);
  const hidden = flows.hiddenSegments > 0 ? html` The ${flows.hiddenSegments} smaller segments are not drawn; <code>pathcredit flows --segment-column</code> lists every segment.` : null;
  return html`<section id="journeys" aria-labelledby="journeys-h"><h2 id="journeys-h">Journey flows</h2>${intro}
<p>Segments by ${flows.segmentColumns!.join(' x ')}: choose one to compare its journeys with all journeys (printed, every segment is shown).${hidden}</p>
<div class="flow-tabs">${tabs}<div class="flow-tab-labels">${labels}</div><div class="flow-panels">${panels.map((d, i) => html`<div class="flow-panel" id="flow-panel-${i}"><h3>${d.label}</h3>${panel(d, i, channels, minStall)}</div>`)}</div></div>
</section>`;
}

function panel(d: FlowDiagram, i: number, channels: readonly ReportChannel[], minStall: number): SafeHtml {
  const rate = d.journeys > 0 ? d.conversions / d.journeys : 0;
  const stalls =
    d.stalls.length > 0
      ? dataTable({
          id: `stalls-${i}`,
          caption: 'Where journeys stall: the steps losing the largest share of their journeys',
          columns: [{ label: 'Step', numeric: true }, { label: 'Channel' }, { label: 'Journeys', numeric: true }, { label: 'Dropped off', numeric: true }, { label: 'Drop-off rate', numeric: true }],
          rows: d.stalls.map((s) => [
            { content: String(s.step), sort: s.step },
            { content: s.channel },
            { content: formatCount(s.journeys), sort: s.journeys },
            { content: formatCount(s.nulls), sort: s.nulls },
            { content: formatPercent(s.dropOffRate), sort: s.dropOffRate },
          ]),
        })
      : html`<p class="note">No step has both drop-offs and the ${formatCount(minStall)} journeys needed to list it where journeys stall.</p>`;
  return html`<figure><figcaption>${formatCount(d.journeys)} journeys, ${formatCount(d.conversions)} conversions (${formatPercent(rate)}), first ${d.steps} steps.</figcaption>${flowSankey(`flow-${i}`, d, channels)}</figure>${stalls}`;
}
