import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { attribute, fromPathRows, readCsv, transitionRows, TransitionCounter, type PathStore } from '../src/index.js';
import { renderReport, renderReportData, reportData, type ReportData } from '../src/report/index.js';
import { diagnosticsSection } from '../src/report/sections/diagnostics-section.js';
import { markovSection } from '../src/report/sections/markov-section.js';
import { modelsSection } from '../src/report/sections/models-section.js';
import { MAX_HEATMAP_CHANNELS, transitionMatrix } from '../src/report/data/transition-data.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const examplePath = join(root, 'fixtures/examples/touchpoints.csv');
const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];

/** The example CSV read naively (no quotes inside fields except the one quoted channel). */
function naiveCsv(): { journeys: Set<string>; conversions: number; value: number } {
  const lines = readFileSync(examplePath, 'utf8').trim().split('\n').slice(1);
  const journeys = new Set<string>();
  let conversions = 0;
  let value = 0;
  for (const line of lines) {
    const cells = line.replace(/"[^"]*"/g, 'Q').split(',');
    journeys.add(cells[0]);
    conversions += Number(cells[3]);
    value += Number(cells[4]);
  }
  return { journeys, conversions, value };
}

function pathsOf(store: PathStore): string[][] {
  return Array.from({ length: store.pathCount }, (_, p) => Array.from(store.touches.subarray(store.offsets[p], store.offsets[p + 1]), (c) => store.channels[c]));
}

const store = await readCsv(examplePath);
const result = attribute(store);
const data = reportData(result, { store, input: { file: 'fixtures/examples/touchpoints.csv', format: 'csv', rowsRead: 191 } });

describe('report data from the bundled example', () => {
  it('counts journeys, conversions and value as the raw file has them', () => {
    const raw = naiveCsv();
    expect(data.summary.journeys).toBe(raw.journeys.size);
    expect(data.summary.journeysAreIds).toBe(true);
    expect(data.summary.conversions).toBe(raw.conversions);
    expect(data.summary.value).toBeCloseTo(raw.value, 9);
    expect(data.summary.touches).toBe(191);
    expect(data.summary.input).toMatchObject({ file: 'fixtures/examples/touchpoints.csv', rowsRead: 191, skippedRows: 0 });
  });

  it('bins path lengths so that every path is counted once', () => {
    const lengths = pathsOf(store).map((p) => p.length);
    const bins = data.summary.pathLengths;
    expect(bins.map((b) => b.label)).toEqual(Array.from({ length: Math.max(...lengths) }, (_, i) => String(i + 1)));
    for (const b of bins) {
      const n = Number(b.label);
      const idx = lengths.flatMap((l, p) => (l === n ? [p] : []));
      expect(b.converting).toBe(idx.filter((p) => store.conversions[p] > 0).length);
      expect(b.nonConverting).toBe(idx.reduce((a, p) => a + store.nulls[p], 0));
    }
    expect(bins.reduce((a, b) => a + b.converting + b.nonConverting, 0)).toBe(store.pathCount);
  });

  it('lists distinct paths by conversions, as a plain Map aggregation finds them', () => {
    const agg = new Map<string, { conversions: number; nulls: number; value: number; first: number }>();
    pathsOf(store).forEach((path, p) => {
      const key = path.join('\u0000');
      const a = agg.get(key) ?? { conversions: 0, nulls: 0, value: 0, first: p };
      a.conversions += store.conversions[p];
      a.nulls += store.nulls[p];
      a.value += store.value[p];
      agg.set(key, a);
    });
    expect(data.summary.uniquePaths).toBe(agg.size);
    const expected = [...agg.entries()]
      .filter(([, a]) => a.conversions > 0)
      .sort(([, a], [, b]) => b.conversions - a.conversions || b.nulls - a.nulls || a.first - b.first)
      .slice(0, 10);
    expect(data.summary.topPaths.map((t) => t.channels.map((i) => data.channels[i].name).join('\u0000'))).toEqual(expected.map(([k]) => k));
    expect(data.summary.topPaths.map((t) => [t.conversions, t.nulls])).toEqual(expected.map(([, a]) => [a.conversions, a.nulls]));
    data.summary.topPaths.forEach((t, i) => expect(t.value).toBeCloseTo(expected[i][1].value, 9));
  });

  it('ranks channels by mean share of conversions over the models and reorders every per-channel array', () => {
    const share = store.channels.map((_, c) => result.credits.reduce((a, m) => a + m.conversions[c] / m.totalConversions, 0));
    const names = data.channels.map((c) => c.name);
    expect(new Set(names)).toEqual(new Set(store.channels));
    for (let i = 1; i < names.length; i++) expect(share[store.channels.indexOf(names[i - 1])]).toBeGreaterThanOrEqual(share[store.channels.indexOf(names[i])]);
    for (const [m, credit] of result.credits.entries()) {
      names.forEach((name, i) => {
        const id = store.channels.indexOf(name);
        expect(data.models[m].conversions[i].value).toBe(credit.conversions[id]);
        expect(data.models[m].value[i].value).toBe(credit.value[id]);
      });
    }
    names.forEach((name, i) => expect(data.markov!.removalEffects[i].value).toBe(result.markov!.removalEffects[store.channels.indexOf(name)]));
    expect(data.channels[0].color).toBe('#CC6677');
  });

  it('lays out the order-1 transition matrix with (start), (conversion) and (null), equal to the library transitions', () => {
    const t = data.transitions;
    const C = data.channels.length;
    expect(t.rowLabels).toEqual(['(start)', ...data.channels.map((c) => c.name)]);
    expect(t.colLabels).toEqual([...data.channels.map((c) => c.name), '(conversion)', '(null)']);
    const rows = transitionRows(new TransitionCounter({ order: 1 }).add(store));
    let cells = 0;
    for (const r of rows) {
      const row = t.rowLabels.indexOf(r.from);
      const col = t.colLabels.indexOf(r.to);
      expect(t.counts[row][col]).toBe(r.count);
      cells++;
    }
    expect(t.counts.flat().filter((c) => c > 0)).toHaveLength(cells);
    // Independent of the counter: the start row sums to every journey, the (conversion) column to the conversions.
    expect(t.counts[0].reduce((a, b) => a + b, 0)).toBe(store.pathCount);
    expect(t.counts.reduce((a, row) => a + row[C], 0)).toBe(data.summary.conversions);
  });

  it('states diagnostics that hold for a correct run', () => {
    const d = data.diagnostics!;
    expect(d.checks.map((c) => [c.label, c.status])).toEqual([
      ['Credits add up to the totals', 'ok'],
      ['Markov solver residual', 'ok'],
      ['Markov flow conservation', 'ok'],
    ]);
    // What the report flags is exactly what the attribution's diagnostics found
    // (20 journeys are thin data), stated once.
    const own = result.diagnostics.flags.filter((f) => f.kind !== 'conservation' && f.kind !== 'no-nulls');
    expect(own.length).toBeGreaterThan(0);
    expect(d.flags).toEqual(own.map((f) => ({ level: 'warning', message: f.message, ...(f.model ? { model: f.model } : {}), ...(f.channel ? { channel: f.channel } : {}) })));
  });
});

describe('report data from aggregated paths, skipped rows and runs without Markov', () => {
  const paths = fromPathRows(
    [
      { path: 'a > b', conversions: 3, value: 30, nulls: 2 },
      { path: 'b', conversions: 1, value: 5, nulls: 4 },
      { path: 'a > b', conversions: -1, nulls: 1 },
      { path: 'c > a > b > a', conversions: 0, nulls: 5 },
    ],
    { skipInvalid: true },
  );

  it('counts journeys as conversions + nulls and says what was skipped', () => {
    const d = reportData(attribute(paths), { store: paths });
    expect(d.summary.journeysAreIds).toBe(false);
    expect(d.summary.journeys).toBe(3 + 2 + 1 + 4 + 5);
    expect(d.summary.convertingJourneys).toBe(4);
    expect(d.summary.nonConvertingJourneys).toBe(11);
    expect(d.summary.uniquePaths).toBe(3);
    expect(d.summary.pathLengths).toEqual([
      { label: '1', converting: 1, nonConverting: 4 },
      { label: '2', converting: 3, nonConverting: 2 },
      { label: '3', converting: 0, nonConverting: 0 },
      { label: '4', converting: 0, nonConverting: 5 },
    ]);
    expect(d.summary.input.skippedRows).toBe(1);
    expect(d.summary.input.skippedSamples[0]).toMatch(/conversions/);
    expect(d.diagnostics!.flags[0]).toEqual({ level: 'warning', message: '1 input row skipped as invalid (see the data summary for examples).' });
    expect(d.diagnostics!.flags.slice(1).map((f) => f.message)).toEqual(attribute(paths).diagnostics.flags.map((f) => f.message));
    const page = renderReportData(d);
    expect(page).toContain('<strong>1 invalid row skipped</strong>');
    expect(page).toContain('<summary>Examples of skipped rows</summary>');
  });

  it('draws the transitions but no removal effects when Markov did not run', () => {
    const page = renderReport(attribute(paths, { models: ['first_touch', 'linear'] }), { store: paths });
    expect(page).toContain('The Markov model did not run');
    expect(page).not.toContain('id="removal-effects"');
    expect(page).toContain('id="transition-heatmap"');
    expect(page).not.toContain('Markov solver residual');
  });

  it('reports conversions no touch could take, in the summary and as a flag', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pathcredit-report-')), 'events.csv');
    writeFileSync(file, 'journey_id,timestamp,channel,conversions,value\nu1,2025-01-01T00:00:00Z,,1,20\nu1,2025-01-02T00:00:00Z,Email,0,0\nu1,2025-01-03T00:00:00Z,Search,1,30\nu2,2025-01-01T00:00:00Z,Email,0,0\n');
    const events = await readCsv(file);
    const d = reportData(attribute(events), { store: events });
    expect(d.summary.input.unattributed).toEqual({ events: 1, conversions: 1, value: 20 });
    expect(d.diagnostics!.flags).toContainEqual({ level: 'info', message: '1 conversion (value 20.00) in 1 event with no touch to credit, left out of every model.' });
    expect(renderReportData(d)).toContain('<strong>1 conversion</strong> (value 20.00) in 1 event with no touch to credit, not attributed to any channel.');
  });

  it('flags a chain without non-converting journeys', () => {
    const converting = fromPathRows([{ path: 'a > b', conversions: 2 }, { path: 'b', conversions: 1 }]);
    const d = reportData(attribute(converting), { store: converting });
    expect(d.diagnostics!.flags.filter((f) => /non-converting/.test(f.message)).map((f) => [f.level, f.model])).toEqual([['warning', 'markov']]);
    expect(d.diagnostics!.flags[0].message).toMatch(/no non-converting journeys/);
  });
});

describe('transition matrix with many channels', () => {
  // 45 channels: c0 most frequent; every path is ci > c(i+1 mod 45), some convert.
  const rows = Array.from({ length: 90 }, (_, k) => {
    const i = k % 45;
    return { path: `c${i} > c${(i + 1 + (k % 3)) % 45}`, conversions: k % 4 === 0 ? 1 : 0, nulls: 1 + (k % 2) };
  });
  const many = fromPathRows(rows);
  const order = Array.from(many.channels.keys());
  const full = transitionMatrix(many, order, Infinity);
  const foldedM = transitionMatrix(many, order);

  it(`sums the channels after the first ${MAX_HEATMAP_CHANNELS} into one row and column, keeping every count`, () => {
    const extra = many.channels.length - MAX_HEATMAP_CHANNELS;
    expect(foldedM.otherChannels).toBe(extra);
    expect(foldedM.rowLabels).toHaveLength(MAX_HEATMAP_CHANNELS + 2);
    expect(foldedM.colLabels).toHaveLength(MAX_HEATMAP_CHANNELS + 3);
    expect(foldedM.rowLabels.at(-1)).toBe(`(other ${extra} channels)`);
    expect(foldedM.colLabels.slice(-3)).toEqual([`(other ${extra} channels)`, '(conversion)', '(null)']);
    const total = (m: readonly (readonly number[])[]) => m.flat().reduce((a, b) => a + b, 0);
    expect(total(foldedM.counts)).toBe(total(full.counts));
    // The "other" row is the sum of the folded channels' rows, columns folded the same way.
    const fold = (row: readonly number[]) => [...row.slice(0, MAX_HEATMAP_CHANNELS), row.slice(MAX_HEATMAP_CHANNELS, -2).reduce((a, b) => a + b, 0), ...row.slice(-2)];
    const otherRow = full.counts.slice(1 + MAX_HEATMAP_CHANNELS).map(fold).reduce((a, r) => a.map((x, i) => x + r[i]));
    expect(foldedM.counts.at(-1)).toEqual(otherRow);
    expect(foldedM.counts[0]).toEqual(fold(full.counts[0]));
    expect(full.otherChannels).toBeUndefined();
  });

  it('draws the folded heatmap and says so', () => {
    const page = renderReport(attribute(many), { store: many });
    const heat = page.slice(page.indexOf('id="transition-heatmap"'), page.indexOf('</svg>', page.indexOf('id="transition-heatmap"')));
    expect(heat.match(/<rect class="cell/g)).toHaveLength((MAX_HEATMAP_CHANNELS + 2) * (MAX_HEATMAP_CHANNELS + 3));
    expect(page).toContain('The 5 smallest channels are summed into one row and column');
  });
});

describe('report page', () => {
  it('is byte-identical for the same input, and carries a timestamp only when given one', () => {
    const a = renderReport(result, { store });
    const b = renderReport(attribute(store), { store });
    expect(a).toBe(b);
    expect(a).not.toMatch(/Generated/);
    const stamped = renderReport(result, { store, generatedAt: new Date('2025-04-01T10:00:00Z') });
    expect(stamped).toContain('<dt>Generated</dt><dd>2025-04-01T10:00:00.000Z</dd>');
  });

  it('is self-contained: no external URL, one inline script allowed by hash, a strict policy', () => {
    const page = renderReport(result, { store });
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page.match(/<script>/g)).toHaveLength(1);
    expect(page).not.toMatch(/\b(src|href)="(?!#)/);
    expect(page).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
    const csp = page.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)![1].replace(/&#39;/g, "'");
    expect(csp).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/]+=*'/);
  });

  it('has every section and the exact bar and cell counts', () => {
    const page = renderReport(result, { store });
    for (const id of ['summary', 'models', 'markov', 'diagnostics', 'reproduce']) expect(page).toContain(`id="${id}"`);
    const C = store.channels.length;
    const M = result.credits.length;
    const section = (id: string) => page.slice(page.indexOf(`<svg class="chart" id="${id}"`), page.indexOf('</svg>', page.indexOf(`id="${id}"`)));
    expect(section('model-conversions').match(/<rect class="bar"/g)).toHaveLength(C * M);
    expect(section('model-value').match(/<rect class="bar"/g)).toHaveLength(C * M);
    expect(section('removal-effects').match(/<rect class="bar"/g)).toHaveLength(C * 2);
    expect(section('transition-heatmap').match(/<rect class="cell/g)).toHaveLength((C + 1) * (C + 2));
  });

  it('escapes hostile channel names, file names, titles and commands everywhere', () => {
    const hostileStore = fromPathRows([
      { path: `${HOSTILE[0]} > ${HOSTILE[1]}`, conversions: 2, value: 10, nulls: 1 },
      { path: `${HOSTILE[1]} > Email`, conversions: 1, value: 5, nulls: 2 },
      { path: 'Email', conversions: 0, nulls: 3 },
    ]);
    const page = renderReport(attribute(hostileStore), {
      store: hostileStore,
      title: HOSTILE[1],
      input: { file: `${HOSTILE[0]}.csv` },
      command: `pathcredit report '${HOSTILE[1]}'`,
      settings: [['--direct', HOSTILE[0]]],
    });
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('<title>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</title>');
  });

  it('refuses a store that does not match the attribution', () => {
    const other = fromPathRows([{ path: 'x', conversions: 1 }]);
    expect(() => renderReport(result, { store: other })).toThrow(/channel lists differ/);
    expect(() => renderReport(result, { store, topPaths: -1 })).toThrow(/topPaths must be a non-negative integer/);
  });
});

describe('sections drawn from synthetic data (intervals, diagnostics)', () => {
  const channels = [
    { name: 'Email', color: '#CC6677', colorClass: 'k0' },
    { name: HOSTILE[0], color: '#332288', colorClass: 'k1' },
  ];

  it('draws interval whiskers for models that carry lo/hi and prints the interval in the table', () => {
    const section = modelsSection(
      [
        {
          model: 'markov',
          conversions: [{ value: 6, lo: 5.5, hi: 6.8 }, { value: 4, lo: 3.1, hi: 4.4 }],
          value: [{ value: 60, lo: 50, hi: 70 }, { value: 40 }],
          totalConversions: 10,
          totalValue: 100,
        },
        { model: 'linear', conversions: [{ value: 5 }, { value: 5 }], value: [{ value: 50 }, { value: 50 }], totalConversions: 10, totalValue: 100 },
      ],
      channels,
    ).toString();
    expect(section.match(/<path class="whisker"/g)).toHaveLength(3);
    expect(section).toContain('6.00 <span class="interval">[5.50, 6.80]</span>');
    expect(section).toContain('Whiskers show');
    expect(section.match(/<rect class="bar"/g)).toHaveLength(8);
  });

  it('leaves whiskers and the interval note out when no estimate has an interval', () => {
    const section = modelsSection([{ model: 'linear', conversions: [{ value: 5 }, { value: 5 }], value: [{ value: 0 }, { value: 0 }], totalConversions: 10, totalValue: 0 }], channels).toString();
    expect(section).not.toContain('whisker');
    expect(section).not.toContain('Whiskers show');
    expect(section).not.toContain('id="model-value"');
    expect(section).toContain('no conversion value');
  });

  it('draws removal-effect whiskers from synthetic bootstrap intervals', () => {
    const section = markovSection(
      {
        order: 2,
        collapseRepeats: false,
        valueRule: 'exact',
        conversionProbability: 0.4,
        expectedValue: 12,
        stateCount: 5,
        transitionCount: 9,
        removalEffects: [{ value: 0.5, lo: 0.42, hi: 0.58 }, { value: 0.3, lo: 0.2, hi: 0.35 }],
        valueRemovalEffects: [{ value: 0.45 }, { value: 0.32 }],
      },
      { rowLabels: ['(start)', 'Email', HOSTILE[0]], colLabels: ['Email', HOSTILE[0], '(conversion)', '(null)'], rowChannels: [-1, 0, 1], colChannels: [0, 1, -1, -1], counts: [[2, 1, 0, 0], [0, 1, 1, 1], [1, 0, 0, 1]] },
      channels,
      15,
    ).toString();
    const chart = section.slice(section.indexOf('id="removal-effects"'), section.indexOf('</svg>', section.indexOf('id="removal-effects"')));
    expect(chart.match(/<path class="whisker"/g)).toHaveLength(2);
    expect(section).toContain('50.0% <span class="interval">[42.0%, 58.0%]</span>');
    expect(section).toContain('The model above used order 2');
    expect(section).not.toContain('<script');
  });

  it('draws checks with status words and flags naming model and channel, and nothing without data', () => {
    const html = diagnosticsSection({
      checks: [{ label: 'Bootstrap replicates', value: '200', status: 'info', note: 'seed 7' }],
      flags: [
        { level: 'warning', model: 'shapley', channel: HOSTILE[1], message: 'fewer than 30 journeys; the interval is wide' },
        { level: 'info', message: 'leave_one_out ran on 12 channels' },
      ],
    })!.toString();
    expect(html).toContain('<span class="status info">info</span>');
    expect(html).toContain('<li class="flag warning"><span class="status warning">warning</span> <strong>shapley</strong>, <strong>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</strong>: fewer than 30 journeys; the interval is wide</li>');
    expect(html).toContain('leave_one_out ran on 12 channels');
    expect(html).not.toContain('<img');
    expect(diagnosticsSection(undefined)).toBeNull();
    expect(diagnosticsSection({ checks: [], flags: [] })).toBeNull();
  });

  it('renders added intervals and flags through the whole page', () => {
    const withTrust: ReportData = {
      ...data,
      models: data.models.map((m) => ({ ...m, conversions: m.conversions.map((e) => ({ ...e, lo: e.value * 0.9, hi: e.value * 1.1 })) })),
      diagnostics: { checks: data.diagnostics!.checks, flags: [{ level: 'warning', model: 'markov', message: 'synthetic flag' }] },
      provenance: { ...data.provenance, seed: '42' },
    };
    const page = renderReportData(withTrust);
    const chart = page.slice(page.indexOf('id="model-conversions"'), page.indexOf('</svg>', page.indexOf('id="model-conversions"')));
    expect(chart.match(/<path class="whisker"/g)).toHaveLength(data.channels.length * data.models.length);
    expect(page).toContain('synthetic flag');
    expect(page).toContain('<dt>Seed</dt><dd>42</dd>');
  });
});

describe('report data from a bootstrapped attribution', () => {
  const trusted = attribute(store, { models: ['first_touch', 'linear', 'markov'], intervals: { replicates: 60, seed: 11 } });
  const withIntervals = reportData(trusted, { store });
  const byName = (i: number): number => store.channels.indexOf(withIntervals.channels[i].name);

  it('carries every model interval to its channel, in report order', () => {
    trusted.table.credits.forEach((c, m) => {
      const iv = trusted.intervals!.models[m];
      withIntervals.models[m].conversions.forEach((e, i) => {
        const id = byName(i);
        expect(e).toEqual({ value: c.conversions[id], lo: iv.conversionsLo[id], hi: iv.conversionsHi[id] });
      });
      withIntervals.models[m].value.forEach((e, i) => expect([e.lo, e.hi]).toEqual([iv.valueLo[byName(i)], iv.valueHi[byName(i)]]));
    });
    const mk = trusted.intervals!.markov!;
    withIntervals.markov!.removalEffects.forEach((e, i) => {
      expect([e.lo, e.hi]).toEqual([mk.removalEffectsLo[byName(i)], mk.removalEffectsHi[byName(i)]]);
      expect(e.lo!).toBeLessThanOrEqual(e.hi!);
      expect(e.lo!).toBeGreaterThanOrEqual(0);
      expect(e.hi!).toBeLessThanOrEqual(1);
    });
  });

  it('draws whiskers, states the bootstrap and its seed, and passes the attribution flags on', () => {
    const page = renderReport(trusted, { store });
    const chart = page.slice(page.indexOf('id="model-conversions"'), page.indexOf('</svg>', page.indexOf('id="model-conversions"')));
    const drawable = withIntervals.models.flatMap((m) => m.conversions).filter((e) => Number.isFinite(e.lo) && Number.isFinite(e.hi)).length;
    expect(drawable).toBeGreaterThan(0);
    expect(chart.match(/<path class="whisker"/g)).toHaveLength(drawable);
    expect(page).toContain('<dt>Seed</dt><dd>11 (bootstrap)</dd>');
    expect(page).toContain('60 replicates');
    const expectedFlags = trusted.diagnostics.flags.filter((f) => f.kind !== 'conservation' && f.kind !== 'no-nulls');
    expect(expectedFlags.length).toBeGreaterThan(0); // 20 journeys are thin data: the few-conversions flag must be there
    for (const f of expectedFlags) expect(withIntervals.diagnostics!.flags).toContainEqual(expect.objectContaining({ message: f.message, level: 'warning' }));
  });

  it('has no whiskers and no seed without intervals', () => {
    expect(data.models.flatMap((m) => m.conversions).every((e) => e.lo === undefined && e.hi === undefined)).toBe(true);
    expect(data.provenance.seed).toBeUndefined();
  });

  it("names shapley-rate's seed when it sampled channel sets, and no seed when its sets were exact", () => {
    const sampled = attribute(store, { models: ['shapley_rate'], shapleyRate: { maxExactChannels: 1, permutations: 20, seed: 9 } });
    const sets = (sampled.credits[0] as unknown as { report: { sampledSets: number } }).report.sampledSets;
    expect(sets).toBeGreaterThan(0);
    expect(reportData(sampled, { store }).provenance.seed).toBe(`9 (shapley_rate permutation sampling of ${sets} channel sets)`);
    const exact = attribute(store, { models: ['shapley_rate'], shapleyRate: { seed: 9 } });
    expect(reportData(exact, { store }).provenance.seed).toBeUndefined();
  });
});
