import { groupedBars } from '../charts/grouped-bars.js';
import type { Estimate, ModelCredit, ReportChannel } from '../data/types.js';
import { amountTickFormat, formatCompact, formatCredit } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { hasInterval } from '../svg.js';
import { dataTable, type TableCell } from '../table.js';
import { channelLabel } from './path-chips.js';

/** A model name as a reader sees it: `position_based` -> `position based`. */
export function modelLabel(model: string): string {
  return model.replace(/_/g, ' ');
}

/** An estimate in a table cell: the value, then `[lo, hi]` when there is an interval. */
export function estimateCell(e: Estimate, format: (x: number) => string): TableCell {
  return { content: hasInterval(e) ? html`${format(e.value)} <span class="interval">[${format(e.lo)}, ${format(e.hi)}]</span>` : format(e.value), sort: e.value };
}

/**
 * Model comparison: grouped bars of conversions (and of value, when the input
 * has value) per channel for every model, with interval whiskers where the
 * estimates carry `lo`/`hi`, and the same numbers as a sortable table.
 */
export function modelsSection(models: readonly ModelCredit[], channels: readonly ReportChannel[]): SafeHtml {
  const hasValue = models.some((m) => m.totalValue > 0);
  const anyInterval = models.some((m) => [...m.conversions, ...m.value].some(hasInterval));
  const chart = (field: 'conversions' | 'value', id: string, title: string) =>
    groupedBars({
      id,
      title,
      groups: channels.map((c) => ({ label: c.name, color: c.color })),
      series: models.map((m) => modelLabel(m.model)),
      values: channels.map((_, g) => models.map((m) => m[field][g])),
      formatValue: formatCompact,
      tickFormat: amountTickFormat(Math.max(...models.flatMap((m) => m[field].map((e) => Math.max(Math.abs(e.value), Math.abs(e.hi ?? 0)))))),
    });
  const intervalNote = anyInterval
    ? html` Whiskers show each estimate's interval; the table prints it in brackets.`
    : null;
  return html`<section id="models" aria-labelledby="models-h"><h2 id="models-h">Model comparison</h2>
<p>Each channel's credit under every model that ran, largest channels first. Models agree where bars in a group have similar lengths; where they differ, the choice of model matters for that channel.${intervalNote}</p>
<figure><figcaption><h3>Conversions credited</h3></figcaption>${chart('conversions', 'model-conversions', 'Conversions credited to each channel by each model')}</figure>
${hasValue ? html`<figure><figcaption><h3>Value credited</h3></figcaption>${chart('value', 'model-value', 'Value credited to each channel by each model')}</figure>` : html`<p class="note">The input has no conversion value, so only conversions are compared.</p>`}
${creditsTable(models, channels, hasValue)}
</section>`;
}

function creditsTable(models: readonly ModelCredit[], channels: readonly ReportChannel[], hasValue: boolean): SafeHtml {
  const fields = hasValue ? (['conversions', 'value'] as const) : (['conversions'] as const);
  return dataTable({
    id: 'credits-table',
    caption: 'Credit per channel and model (select a column header to sort)',
    headerGroups: [{ label: '', span: 1 }, ...fields.map((f) => ({ label: f === 'conversions' ? 'Conversions' : 'Value', span: models.length }))],
    columns: [{ label: 'Channel' }, ...fields.flatMap(() => models.map((m) => ({ label: modelLabel(m.model), numeric: true })))],
    rows: channels.map((c, g) => [{ content: channelLabel(c), sort: c.name }, ...fields.flatMap((f) => models.map((m) => estimateCell(m[f][g], formatCredit)))]),
    footer: [{ content: 'Total' }, ...fields.flatMap((f) => models.map((m) => ({ content: formatCredit(f === 'conversions' ? m.totalConversions : m.totalValue) })))],
  });
}
