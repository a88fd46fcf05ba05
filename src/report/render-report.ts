import type { Attribution } from '../index.js';
import { reportData, type ReportOptions } from './data/report-data.js';
import type { ReportData } from './data/types.js';
import { formatCount } from './format.js';
import { html } from './html.js';
import { page } from './page.js';
import { diagnosticsSection } from './sections/diagnostics-section.js';
import { footerSection } from './sections/footer-section.js';
import { journeysSection } from './sections/journeys-section.js';
import { markovSection } from './sections/markov-section.js';
import { modelLabel, modelsSection } from './sections/models-section.js';
import { segmentsSection } from './sections/segments-section.js';
import { summarySection } from './sections/summary-section.js';
import { windowsSection } from './sections/windows-section.js';

/**
 * Draws report data as one self-contained HTML page: inline CSS and SVG, no
 * external resource, a small inline script for table sorting (everything
 * reads without it), and the same bytes for the same data.
 *
 * @example
 * ```ts
 * const data = reportData(result, { store });
 * writeFileSync('report.html', renderReportData(data));
 * ```
 */
export function renderReportData(data: ReportData): string {
  const diagnostics = diagnosticsSection(data.diagnostics);
  const toc: [string, string][] = [
    ['summary', 'Data summary'],
    ['models', 'Model comparison'],
    ...(data.windows ? [['windows', 'Credit over time'] as [string, string]] : []),
    ['markov', 'Markov chain'],
    ...(data.flows ? [['journeys', 'Journey flows'] as [string, string]] : []),
    ...(data.segments ? [['segments', 'Segments'] as [string, string]] : []),
    ...(diagnostics ? [['diagnostics', 'Diagnostics'] as [string, string]] : []),
    ['reproduce', 'Reproduce'],
  ];
  const s = data.summary;
  const lede = html`${formatCount(s.journeys)} journeys, ${formatCount(s.conversions)} conversions, ${data.channels.length} channels; models: ${data.models.map((m) => modelLabel(m.model)).join(', ')}.`;
  const body = [
    summarySection(s, data.channels),
    modelsSection(data.models, data.channels),
    data.windows ? windowsSection(data.windows, data.channels) : null,
    markovSection(data.markov, data.transitions, data.channels, data.topFlows),
    data.flows ? journeysSection(data.flows, data.channels) : null,
    data.segments ? segmentsSection(data.segments, data.channels) : null,
    diagnostics,
    footerSection(data.provenance, s.input, s.paths),
  ];
  return page({ title: data.title, lede, toc, body, version: data.provenance.version }).toString();
}

/**
 * Renders the attribution report of a run as one self-contained HTML string:
 * a data summary (counts, path-length histogram, top paths, what was skipped
 * or cut), a model comparison (grouped bars and a sortable table), the Markov
 * chain (removal effects, the order-1 transition heatmap, top flows),
 * diagnostics, and a footer with what is needed to reproduce it. The output is
 * deterministic: without `generatedAt`, the same input gives the same bytes.
 *
 * @param attribution - the result of `attribute` / `attributeAsync` on `options.store`.
 * @param options - the store and the facts to show (input, command, settings).
 * @throws PathCreditError when the store does not match the attribution.
 * @example
 * ```ts
 * import { attribute, readCsv } from 'pathcredit';
 * import { renderReport } from 'pathcredit/report';
 * const store = await readCsv('touchpoints.csv');
 * writeFileSync('report.html', renderReport(attribute(store), { store, input: { file: 'touchpoints.csv' } }));
 * ```
 */
export function renderReport(attribution: Attribution, options: ReportOptions): string {
  return renderReportData(reportData(attribution, options));
}
