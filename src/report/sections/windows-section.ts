import { lineChart } from '../charts/line-chart.js';
import type { ReportChannel, WindowSeries } from '../data/types.js';
import { amountTickFormat, formatCompact } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { modelLabel } from './models-section.js';

/**
 * Credit over time: for every model, one line per channel of the conversions
 * it credits in each rolling window, so a shift of credit between channels
 * shows as crossing lines. Windows are dated by their last day.
 */
export function windowsSection(w: WindowSeries, channels: readonly ReportChannel[]): SafeHtml {
  const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const figures = w.models.map((m) => {
    const max = Math.max(0, ...m.conversions.flat());
    return html`<figure><figcaption><h3>${modelLabel(m.model)}</h3></figcaption>${lineChart({
      id: `windows-${m.model}`,
      title: `Conversions credited by ${modelLabel(m.model)} in each ${w.windowDays}-day window`,
      xLabels: w.ends,
      series: channels.map((c, g) => ({ label: c.name, color: c.color, values: m.conversions[g] })),
      formatValue: formatCompact,
      tickFormat: amountTickFormat(max),
    })}</figure>`;
  });
  return html`<section id="windows" aria-labelledby="windows-h"><h2 id="windows-h">Credit over time</h2>
<p>Conversions credited to each channel in rolling windows of ${plural(w.windowDays, 'day')}, one window ending every ${plural(w.stepDays, 'day')} (${plural(w.ends.length, 'window')}, ${w.ends[0]} to ${w.ends[w.ends.length - 1]}). A journey belongs to the window holding its conversion (or, for a journey that did not convert, its last touch); the x axis shows each window's last day.</p>
${figures}
</section>`;
}
