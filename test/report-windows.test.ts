// Credit over time in the report: the series equal the windows' credits in the report's
// channel order, the line chart draws one line per channel with escaped end labels that
// never overlap, and the CLI's --window adds the section (and writes the long output).
import { describe, expect, it } from 'vitest';
import { attribute, attributeWindows, readCsv } from '../src/index.js';
import { LINE_CHART_LAYOUT, lineChart } from '../src/report/charts/line-chart.js';
import { renderReport, reportData } from '../src/report/index.js';
import { example, parseCsv, runInProcess } from './helpers/cli.js';

describe('report data and drawing', () => {
  it('puts the windows in the report channel order, and draws a section per model', async () => {
    const store = await readCsv(example);
    const result = attribute(store, { models: ['linear', 'markov'] });
    const windows = attributeWindows(store, { window: '7d', step: '7d', models: ['linear', 'markov'] });
    const data = reportData(result, { store, windows });
    expect(data.windows!.ends).toEqual(windows.windows.map((w) => w.end));
    data.channels.forEach((c, g) => {
      const i = windows.channels.indexOf(c.name);
      windows.windows.forEach((w, k) => expect(data.windows!.models[1].conversions[g][k]).toBe(w.credits[1].conversions[i]));
    });
    const html = renderReport(result, { store, windows });
    expect(html).toContain('id="windows"');
    expect(html).toContain('href="#windows"');
    expect((html.match(/class="line-series"/g) ?? []).length).toBe(2 * store.channels.length);
    expect(renderReport(result, { store })).not.toContain('id="windows"');
  });

  it('line chart: one path per series, escaped labels pushed apart inside the plot, first and last x labels', () => {
    const svg = lineChart({
      id: 'w',
      title: 'Credit over time',
      xLabels: ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9', 'd10', 'd11', 'd12'],
      series: ['<b>x</b>', 'a', 'b', 'c'].map((label, k) => ({ label, color: '#000', values: Array.from({ length: 12 }, (_, i) => (k === 0 ? i : 1)) })),
      formatValue: String,
      tickFormat: ',~f',
    }).toString();
    expect((svg.match(/<path class="line"/g) ?? []).length).toBe(4);
    expect(svg).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(svg).not.toContain('<b>x</b>');
    const ys = [...svg.matchAll(/<text class="series" x="[\d.]+" y="([\d.]+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(LINE_CHART_LAYOUT.labelGap - 1e-9);
    for (const y of ys) expect(y).toBeLessThanOrEqual(LINE_CHART_LAYOUT.height - LINE_CHART_LAYOUT.bottom);
    const ticks = [...svg.matchAll(/<text class="tick"[^>]*>(d\d+)<\/text>/g)].map((m) => m[1]);
    expect(ticks[0]).toBe('d1');
    expect(ticks[ticks.length - 1]).toBe('d12');
    expect(ticks.length).toBeLessThanOrEqual(7);
  });
});

describe('CLI --window', () => {
  it('attribute writes the long output equal to attributeWindows; report adds the section', async () => {
    const res = await runInProcess(['attribute', example, '--window', '7d', '--step', '7d', '--models', 'last,markov', '--format', 'csv']);
    expect(res.code).toBe(0);
    const rows = parseCsv(res.stdout);
    expect(Object.keys(rows[0])).toEqual(['window_end', 'channel', 'model', 'conversions', 'value']);
    const lib = attributeWindows(await readCsv(example), { window: '7d', step: '7d', models: ['last_touch', 'markov'] });
    expect(rows.length).toBe(lib.windows.length * 2 * lib.channels.length);
    for (const r of rows) {
      const w = lib.windows.find((x) => x.end === r.window_end)!;
      const c = w.credits.find((x) => x.model === r.model)!;
      expect(Number(r.conversions)).toBeCloseTo(c.conversions[lib.channels.indexOf(r.channel)], 12);
    }
    expect(res.stderr).toMatch(/4 windows of 7 days, every 7 days: ends 2025-03-08 to 2025-03-29; paths dated by conversion time 30, by last touch 39/);
    const report = await runInProcess(['report', example, '--window', '7d', '--no-timestamp']);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('Credit over time');
  });

  it('refuses a window that is not whole days, intervals with windows, and transition counts', async () => {
    const half = await runInProcess(['attribute', example, '--window', '12h']);
    expect(half.code).toBe(1);
    expect(half.stderr).toMatch(/whole number of days/);
    const intervals = await runInProcess(['attribute', example, '--window', '7d', '--intervals']);
    expect(intervals.code).toBe(1);
    expect(intervals.stderr).toMatch(/do not offer intervals/);
  });
});
