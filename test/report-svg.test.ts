import { describe, expect, it } from 'vitest';
import { GROUPED_BARS_LAYOUT, groupedBars } from '../src/report/charts/grouped-bars.js';
import { heatLegend, HEATMAP_LAYOUT, rowProbabilities, transitionHeatmap } from '../src/report/charts/heatmap.js';
import { HISTOGRAM_LAYOUT, pathLengthHistogram } from '../src/report/charts/histogram.js';
import { escapeHtml, html } from '../src/report/html.js';
import { CHANNEL_PALETTE, channelColor, heatColor } from '../src/report/palette.js';
import { dataTable } from '../src/report/table.js';
import { truncateLabel } from '../src/report/axis.js';

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", '&amp; already'];

/** Every match of a regular expression's first group. */
function all(text: string, re: RegExp): string[] {
  return [...text.matchAll(re)].map((m) => m[1]);
}

/** Attributes of every `<rect class="bar" ...>` as numbers. */
function bars(svg: string): { x: number; width: number; y: number }[] {
  return [...svg.matchAll(/<rect class="bar" x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), width: Number(m[3]) }));
}

function tickLabels(svg: string): string[] {
  return all(svg, /<text class="tick"[^>]*>([^<]*)<\/text>/g);
}

const L = GROUPED_BARS_LAYOUT;
const plotRight = L.width - L.plotRightPad;

describe('html tag', () => {
  it('escapes every interpolated string and keeps safe markup', () => {
    const name = HOSTILE[1];
    const out = html`<td title="${name}">${name}${html`<b>${'<i>'}</b>`}${[1, 'a<b', null, false, undefined]}</td>`.toString();
    expect(out).toBe('<td title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;<b>&lt;i&gt;</b>1a&lt;b</td>');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('truncates labels by code points with an ellipsis', () => {
    expect(truncateLabel('Affiliate, Partner network', 12)).toBe('Affiliate, …');
    expect(truncateLabel('short', 12)).toBe('short');
    expect([...truncateLabel('😀'.repeat(30), 10)]).toHaveLength(10);
  });
});

describe('grouped bars', () => {
  const groups = [
    { label: 'Email', color: channelColor(0) },
    { label: 'Search', color: channelColor(1) },
    { label: 'Social', color: channelColor(2) },
  ];
  const series = ['first touch', 'linear'];
  const values = [
    [{ value: 7.3 }, { value: 4 }],
    [{ value: 2 }, { value: 5.5 }],
    [{ value: 0 }, { value: 1 }],
  ];
  const svg = groupedBars({ id: 'g', title: 'Conversions', groups, series, values, formatValue: (x) => x.toFixed(2), tickFormat: ',~f' }).toString();

  it('draws one bar per group and series, in the group colour', () => {
    expect(bars(svg)).toHaveLength(6);
    const fills = all(svg, /<rect class="bar"[^>]*fill="([^"]+)"/g);
    expect(fills).toEqual([channelColor(0), channelColor(0), channelColor(1), channelColor(1), channelColor(2), channelColor(2)]);
  });

  it('puts 0 at the plot start and extends the axis to a round number above the largest value', () => {
    const ticks = tickLabels(svg);
    expect(ticks[0]).toBe('0');
    expect(ticks.at(-1)).toBe('8');
    const b = bars(svg);
    for (const bar of b) expect(bar.x).toBe(L.plotLeft);
    // 7.3 on a [0, 8] axis.
    expect(b[0].width).toBeCloseTo((7.3 / 8) * (plotRight - L.plotLeft), 1);
    expect(b[4].width).toBe(0);
  });

  it('labels every bar with its value and names series and groups in text', () => {
    expect(all(svg, /<text class="value"[^>]*>([^<]*)</g)).toEqual(['7.30', '4.00', '2.00', '5.50', '0.00', '1.00']);
    expect(all(svg, /<text class="series"[^>]*>([^<]*)</g)).toEqual(['first touch', 'linear', 'first touch', 'linear', 'first touch', 'linear']);
    expect(all(svg, /<text class="group"[^>]*>([^<]*)</g)).toEqual(['Email', 'Search', 'Social']);
    expect(svg).toMatch(/^<svg class="chart" id="g" viewBox="0 0 600 \d+"/);
    expect(svg).toContain('<title id="g-title">Conversions</title>');
  });

  it('draws whiskers only where an estimate has an interval, and widens the axis to hold them', () => {
    const withIntervals = groupedBars({
      id: 'w',
      title: 'With intervals',
      groups: groups.slice(0, 2),
      series,
      values: [
        [{ value: 5, lo: 4, hi: 11.2 }, { value: 3 }],
        [{ value: 2, lo: 1.5, hi: 2.5 }, { value: 1, lo: 0.5 }],
      ],
      formatValue: (x) => x.toFixed(1),
      tickFormat: ',~f',
    }).toString();
    const whiskers = all(withIntervals, /<path class="whisker" d="([^"]+)"/g);
    expect(whiskers).toHaveLength(2);
    expect(tickLabels(withIntervals).at(-1)).toBe('12');
    const x = (v: number) => L.plotLeft + (v / 12) * (plotRight - L.plotLeft);
    const [first] = whiskers;
    const coords = first.match(/M([\d.]+) [\d.]+H([\d.]+)/)!;
    expect(Number(coords[1])).toBeCloseTo(x(4), 1);
    expect(Number(coords[2])).toBeCloseTo(x(11.2), 1);
    expect(withIntervals).toContain('(interval 4.0 to 11.2)');
    // The value label sits right of the whisker, not on it.
    const label = withIntervals.match(/<text class="value" x="([\d.]+)"[^>]*>5.0</)!;
    expect(Number(label[1])).toBeGreaterThan(x(11.2));
  });

  it('draws negative values leftwards from a zero line inside the plot', () => {
    const svgNeg = groupedBars({
      id: 'n',
      title: 'Signed',
      groups: groups.slice(0, 1),
      series: ['shapley'],
      values: [[{ value: -2 }]],
      formatValue: String,
      tickFormat: ',~f',
    }).toString();
    const [bar] = bars(svgNeg);
    expect(bar.x).toBe(L.plotLeft);
    expect(bar.x + bar.width).toBeCloseTo(plotRight, 1);
    expect(tickLabels(svgNeg)).toEqual(expect.arrayContaining(['−2', '0']));
    expect(svgNeg).toContain('class="zero"');
  });

  it('labels single-series bars with the group name and has an axis even when all values are 0', () => {
    const zero = groupedBars({ id: 'z', title: 'Zero', groups, series: ['markov'], values: groups.map(() => [{ value: 0 }]), formatValue: String, tickFormat: ',~f' }).toString();
    expect(bars(zero)).toHaveLength(3);
    expect(all(zero, /<text class="series"[^>]*>([^<]*)</g)).toEqual(['Email', 'Search', 'Social']);
    expect(tickLabels(zero).at(-1)).toBe('1');
  });

  it('escapes hostile channel and series names in labels and tooltips', () => {
    const hostile = groupedBars({
      id: 'x',
      title: HOSTILE[0],
      groups: HOSTILE.map((label) => ({ label, color: '#000' })),
      series: [HOSTILE[1]],
      values: HOSTILE.map(() => [{ value: 1 }]),
      formatValue: String,
      tickFormat: ',~f',
    }).toString();
    expect(hostile).not.toContain('<script');
    expect(hostile).not.toContain('<img');
    expect(hostile).not.toContain("' onmouseover");
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(hostile).toContain('&amp;amp; already');
  });
});

describe('path-length histogram', () => {
  const bins = [
    { label: '1', converting: 5, nonConverting: 21 },
    { label: '2', converting: 6, nonConverting: 8 },
    { label: '20+', converting: 1, nonConverting: 2 },
  ];
  const svg = pathLengthHistogram('h', bins).toString();

  it('stacks converting under non-converting journeys, one column per bin', () => {
    const rects = [...svg.matchAll(/<rect class="bar" data-kind="([a-z-]+)" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/g)].map((m) => ({
      kind: m[1],
      y: Number(m[2]),
      h: Number(m[3]),
    }));
    expect(rects).toHaveLength(6);
    const base = HISTOGRAM_LAYOUT.height - HISTOGRAM_LAYOUT.bottom;
    const unit = (base - HISTOGRAM_LAYOUT.top) / 30; // axis 0..30 (nice above 26)
    expect(rects[0]).toMatchObject({ kind: 'converting' });
    expect(rects[0].h).toBeCloseTo(5 * unit, 1);
    expect(rects[0].y + rects[0].h).toBeCloseTo(base, 1);
    expect(rects[1].kind).toBe('non-converting');
    expect(rects[1].h).toBeCloseTo(21 * unit, 1);
    expect(rects[1].y + rects[1].h).toBeCloseTo(rects[0].y, 1);
  });

  it('has a y axis from 0 to a round number above the tallest column and the bin labels', () => {
    const ticks = tickLabels(svg);
    expect(ticks.slice(0, 1)).toEqual(['0']);
    expect(ticks).toContain('30');
    expect(ticks).toEqual(expect.arrayContaining(['1', '2', '20+']));
    expect(svg).toContain('length 20+: 1 converting, 2 not converting');
  });
});

describe('transition heatmap', () => {
  const matrix = {
    rowLabels: ['(start)', 'a', HOSTILE[0]],
    colLabels: ['a', HOSTILE[0], '(conversion)', '(null)'],
    rowChannels: [-1, 0, 1],
    colChannels: [0, 1, -1, -1],
    counts: [
      [3, 1, 0, 0],
      [0, 2, 1, 1],
      [1, 0, 1, 0],
    ],
  };
  const svg = transitionHeatmap('t', matrix).toString();

  it('draws one cell per matrix entry, empty ones marked, with counts and row probabilities', () => {
    const cells = [...svg.matchAll(/<rect class="cell( empty| merged)?"[^>]*data-count="([\d.]+)" data-probability="([\d.e-]+)"/g)];
    expect(cells).toHaveLength(12);
    // The two diagonal cells (a -> a, and the second channel to itself) are repeats merged at order 1.
    expect(cells.filter((c) => c[1] === ' merged').map((c) => cells.indexOf(c))).toEqual([4, 9]);
    expect(cells.filter((c) => c[1] === ' empty')).toHaveLength(3);
    expect(svg).toContain('repeats of a channel merge into one state at order 1');
    expect(cells.map((c) => Number(c[2]))).toEqual(matrix.counts.flat());
    expect(Number(cells[0][3])).toBeCloseTo(0.75, 12);
    expect(Number(cells[5][3])).toBeCloseTo(0.5, 12);
    for (const row of rowProbabilities(matrix.counts)) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('prints the percentage in cells large enough, and colours by probability', () => {
    expect(all(svg, /<text class="cell-text[^"]*"[^>]*>(\d+)</g)).toEqual(['75', '25', '50', '25', '25', '50', '50']);
    expect(svg).toContain(`fill="${heatColor(0.75)}"`);
    expect(heatColor(0)).toBe('#F7FBFF');
    expect(heatColor(1)).toBe('#08306B');
    expect(heatColor(0.25)).toBe('#6BAED6');
  });

  it('shrinks cells for many channels and then leaves numbers to the tooltips', () => {
    const n = 41;
    const big = transitionHeatmap('b', {
      rowLabels: Array.from({ length: n }, (_, i) => `r${i}`),
      colLabels: Array.from({ length: n + 1 }, (_, i) => `c${i}`),
      rowChannels: Array.from({ length: n }, () => -1),
      colChannels: Array.from({ length: n + 1 }, () => -1),
      counts: Array.from({ length: n }, () => Array.from({ length: n + 1 }, () => 1)),
    }).toString();
    expect(big.match(/<rect class="cell"/g)).toHaveLength(n * (n + 1));
    expect(big).not.toContain('cell-text');
    const width = Number(big.match(/viewBox="0 0 ([\d.]+)/)![1]);
    expect(width).toBeLessThanOrEqual(HEATMAP_LAYOUT.width);
  });

  it('escapes state labels', () => {
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; → (conversion): 1 (50.0% of &lt;script&gt;alert(1)&lt;/script&gt;)');
  });

  it('has a colour key from 0% to 100%', () => {
    expect(tickLabels(heatLegend('k').toString())).toEqual(['0%', '5%', '25%', '50%', '75%', '100%']);
  });
});

describe('data table', () => {
  it('marks sortable columns, keeps sort keys and escapes cells', () => {
    const t = dataTable({
      id: 'd',
      caption: 'Credits',
      columns: [{ label: 'Channel' }, { label: 'linear', numeric: true }, { label: 'note', sortable: false }],
      rows: [
        [{ content: HOSTILE[0] }, { content: '5.75', sort: 5.75 }, { content: 'x' }],
        [{ content: 'b' }, { content: '1.00', sort: 1 }, { content: 'y' }],
      ],
      footer: [{ content: 'Total' }, { content: '6.75' }, { content: '' }],
      headerGroups: [{ label: '', span: 1 }, { label: 'Conversions', span: 2 }],
    }).toString();
    expect(t).toContain('<th scope="col" data-type="text" aria-sort="none">Channel</th>');
    expect(t).toContain('<th scope="col" class="num" data-type="number" aria-sort="none">linear</th>');
    expect(t).toContain('<th scope="col">note</th>');
    expect(t).toContain('<td class="num" data-sort="5.75">5.75</td>');
    expect(t).toContain('<th scope="row">&lt;script&gt;alert(1)&lt;/script&gt;</th>');
    expect(t).toContain('<tfoot><tr><th scope="row">Total</th>');
    expect(t).toContain('<th scope="colgroup" colspan="2">Conversions</th>');
    expect(t.match(/<tr>/g)).toHaveLength(4);
  });
});

describe('palette', () => {
  it('gives the first channels distinct palette colours and the rest one neutral colour', () => {
    const colours = Array.from({ length: 12 }, (_, i) => channelColor(i));
    expect(new Set(colours.slice(0, CHANNEL_PALETTE.length)).size).toBe(CHANNEL_PALETTE.length);
    expect(new Set(colours.slice(CHANNEL_PALETTE.length)).size).toBe(1);
    expect(CHANNEL_PALETTE).not.toContain(colours[11]);
  });
});
