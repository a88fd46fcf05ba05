import { describe, expect, it } from 'vitest';
import { attribute, attributeBySegment, fromPathRows, journeyFlows, readCsv } from '../src/index.js';
import { renderReport, renderReportData, reportData } from '../src/report/index.js';
import { root } from './helpers/cli.js';
import { segmentedStore } from './helpers/segments.js';
import { join } from 'node:path';

const segmentsExample = join(root, 'fixtures/examples/segments.csv');

/** The numbers carried by the elements matching a pattern. */
function journeysOf(svg: string, pattern: RegExp): number[] {
  return [...svg.matchAll(pattern)].map((m) => Number(m[1]));
}

describe('the journey flow diagram', () => {
  it('keeps journeys: every bar equals the bands entering it and, before the ends, the bands leaving it', async () => {
    const store = await readCsv(segmentsExample);
    const data = reportData(attribute(store), { store, flowSteps: 3 });
    const d = data.flows!.all;
    expect(d.steps).toBe(3);
    const inflow = new Float64Array(d.nodes.length);
    const outflow = new Float64Array(d.nodes.length);
    for (const l of d.links) {
      inflow[l.target] += l.journeys;
      outflow[l.source] += l.journeys;
    }
    d.nodes.forEach((n, i) => {
      if (n.column > 0) expect(inflow[i]).toBeCloseTo(n.journeys, 9);
      if (n.kind === 'channel' || n.kind === 'other') expect(outflow[i]).toBeCloseTo(n.journeys, 9);
    });
    const columnTotal = (c: number) => d.nodes.filter((n) => n.column === c).reduce((a, n) => a + n.journeys, 0);
    expect(columnTotal(0)).toBe(69);
    expect(columnTotal(1)).toBe(69);
    // The last column: journeys at step 3, ending there or going on.
    const flows = journeyFlows(store, { steps: 3 });
    expect(columnTotal(3)).toBe(flows.nodes.filter((n) => n.step === 3).reduce((a, n) => a + n.journeys, 0));
    // The drawing carries the same numbers: one bar per node, one band per link.
    const html = renderReportData(data);
    const svg = html.slice(html.indexOf('<svg class="chart" id="flow-0"'), html.indexOf('</svg>', html.indexOf('id="flow-0"')));
    expect(journeysOf(svg, /<rect [^>]*data-journeys="([\d.]+)"/g)).toEqual(d.nodes.map((n) => n.journeys));
    expect(journeysOf(svg, /<path class="flow-link"[^>]*data-journeys="([\d.]+)"/g)).toEqual(d.links.map((l) => l.journeys));
    expect(svg).toContain('>after step 3<');
  });

  it('merges the small channels of a step into one bar', () => {
    const names = Array.from({ length: 14 }, (_, i) => `ch${String(i).padStart(2, '0')}`);
    const store = fromPathRows(names.map((n, i) => ({ path: `${n} > ${names[(i + 1) % 14]}`, conversions: i + 1, nulls: 1 })));
    const d = reportData(attribute(store, { models: ['linear'] }), { store }).flows!.all;
    const first = d.nodes.filter((n) => n.column === 0);
    expect(first).toHaveLength(9);
    expect(first.at(-1)).toMatchObject({ kind: 'other', label: '(other 6)', journeys: 2 + 3 + 4 + 5 + 6 + 7 });
  });

  it('can be left out, and refuses too many steps', async () => {
    const store = await readCsv(segmentsExample);
    const result = attribute(store);
    expect(reportData(result, { store, flowSteps: 0 }).flows).toBeUndefined();
    expect(renderReport(result, { store, flows: false })).not.toContain('id="journeys"');
    expect(() => reportData(result, { store, flowSteps: 51 })).toThrow(/flowSteps must be at most 50/);
  });
});

describe('the report with segments', () => {
  const rows = [
    { path: 'search > email', conversions: 3, nulls: 2, value: 30, seg: 'a' },
    { path: 'email', conversions: 1, nulls: 4, value: 10, seg: 'a' },
    { path: 'search', conversions: 2, nulls: 2, value: 20, seg: '<script>window.__pwned=1</script>' },
    { path: 'display > search', conversions: 1, nulls: 3, value: 5, seg: '"><img src=x onerror=alert(1)>' },
  ];
  const store = segmentedStore(rows, ['seg']);
  const seg = attributeBySegment(store, { models: ['linear', 'markov'], segments: { columns: ['seg'] }, intervals: { replicates: 40 } });
  const data = reportData(seg.all, { store, segments: seg });
  const html = renderReportData(data);

  it('draws a selector with one panel per segment, all journeys first', () => {
    // Largest first; ties keep segment order (code points: '"' before '<').
    expect(data.flows!.segments.map((d) => d.label)).toEqual(['a', '"><img src=x onerror=alert(1)>', '<script>window.__pwned=1</script>']);
    expect(html.match(/<input type="radio" name="flow-tab"/g)).toHaveLength(4);
    expect(html).toMatch(/<input type="radio" name="flow-tab" id="flow-tab-0" class="flow-tab-input" checked>/);
    expect(html.match(/<div class="flow-panel" id="flow-panel-\d"/g)).toHaveLength(4);
    expect(html).toContain('href="#journeys"');
    expect(html).toContain('href="#segments"');
  });

  it('shows every segment\'s shares per model, matching the library', () => {
    const s = data.segments!;
    expect(s.segments.map((x) => x.label)).toEqual(seg.segments.map((x) => x.label));
    const linear = s.models.find((m) => m.model === 'linear')!;
    const names = data.channels.map((c) => c.name);
    const a = seg.segments.find((x) => x.label === 'a')!;
    const i = s.segments.findIndex((x) => x.label === 'a');
    for (const [k, name] of names.entries()) {
      const id = store.channels.indexOf(name);
      expect(linear.shares[i][k]).toBeCloseTo(a.credits[0].conversions[id] / a.conversions, 12);
    }
    expect(linear.verdicts).toHaveLength(3);
    expect(html).toContain('id="segment-shares-0"');
  });

  it('escapes segment names everywhere', () => {
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('"><img src=x');
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps the largest segments in the selector and says how many are left out', () => {
    const many = segmentedStore(
      Array.from({ length: 15 }, (_, i) => ({ path: 'a > b', conversions: 1, nulls: i, seg: `s${String(i).padStart(2, '0')}` })),
      ['seg'],
    );
    const r = attributeBySegment(many, { models: ['linear'], segments: { columns: ['seg'] } });
    const d = reportData(r.all, { store: many, segments: r });
    expect(d.flows!.segments).toHaveLength(12);
    expect(d.flows!.segments[0].label).toBe('s14');
    expect(d.flows!.hiddenSegments).toBe(3);
    expect(renderReportData(d)).toContain('The 3 smaller segments are not drawn');
  });
});
