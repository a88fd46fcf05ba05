import { groupedBars } from '../charts/grouped-bars.js';
import { heatLegend, transitionHeatmap } from '../charts/heatmap.js';
import type { MarkovSummary, ReportChannel, TransitionMatrix } from '../data/types.js';
import { formatCount, formatCredit, formatPercent } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { dataTable } from '../table.js';
import { allTransitionsTable, topFlowsTable } from './flows.js';
import { estimateCell } from './models-section.js';
import { channelLabel } from './path-chips.js';

/**
 * The Markov section: removal effects (when Markov ran), the order-1
 * transition heatmap with its colour key, the top flows and, folded away,
 * every transition.
 */
export function markovSection(markov: MarkovSummary | undefined, transitions: TransitionMatrix, channels: readonly ReportChannel[], topFlows: number): SafeHtml {
  return html`<section id="markov" aria-labelledby="markov-h"><h2 id="markov-h">Markov chain</h2>
${markov ? removalEffects(markov, channels) : html`<p class="note">The Markov model did not run, so there are no removal effects; the transitions below describe the paths.</p>`}
<figure><figcaption><h3>Transitions between channels (order 1)</h3>Rows are where a journey is, columns where it goes next; each cell is the share of the row's journeys taking that step (numbers are percent of the row), so every row adds up to 100. Hover or tap a cell for its count.${markov && markov.order !== 1 ? html` The model above used order ${markov.order}; this view is the order-1 summary of the same paths.` : null}${transitions.otherChannels !== undefined ? html` The ${transitions.otherChannels} smallest channels are summed into one row and column, (other ${transitions.otherChannels} channels).` : null}</figcaption>
${transitionHeatmap('transition-heatmap', transitions)}${heatLegend('heatmap-key')}</figure>
${topFlowsTable(transitions, channels, topFlows)}
${allTransitionsTable(transitions)}
</section>`;
}

function removalEffects(m: MarkovSummary, channels: readonly ReportChannel[]): SafeHtml {
  const withValue = m.expectedValue > 0;
  const series = withValue ? ['conversions', 'value'] : ['conversions'];
  const chart = groupedBars({
    id: 'removal-effects',
    title: 'Markov removal effect of each channel',
    groups: channels.map((c) => ({ label: c.name, color: c.color })),
    series,
    values: channels.map((_, g) => (withValue ? [m.removalEffects[g], m.valueRemovalEffects[g]] : [m.removalEffects[g]])),
    formatValue: formatPercent,
    tickFormat: '~%',
  });
  const table = dataTable({
    id: 'removal-table',
    caption: 'Removal effects',
    columns: [{ label: 'Channel' }, { label: 'Removal effect', numeric: true }, ...(withValue ? [{ label: 'Value removal effect', numeric: true }] : [])],
    rows: channels.map((c, g) => [
      { content: channelLabel(c), sort: c.name },
      estimateCell(m.removalEffects[g], formatPercent),
      ...(withValue ? [estimateCell(m.valueRemovalEffects[g], formatPercent)] : []),
    ]),
  });
  const facts: [string, string][] = [
    ['Order', `${m.order}${m.collapseRepeats ? ', repeats collapsed' : ''}`],
    ['P(conversion)', formatPercent(m.conversionProbability)],
    ['Expected value per journey', formatCredit(m.expectedValue)],
    ['States', formatCount(m.stateCount)],
    ['Transitions', formatCount(m.transitionCount)],
    ['Value rule', m.valueRule],
  ];
  return html`<dl class="kpis small">${facts.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>
<figure><figcaption><h3>Removal effects</h3>The share of conversions (and of value) the chain loses when a channel is removed and its journeys end without converting. Effects overlap, so they do not add up to 100%; credits are the effects scaled to the totals.</figcaption>${chart}</figure>
${table}`;
}
