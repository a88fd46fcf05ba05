import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/node';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyTransforms, attribute, attributeBySegment, journeyFlows, parseTransforms, readCsv } from '../src/index.js';
import { cli, parseCsv, root, runInProcess } from './helpers/cli.js';

const segmentsExample = join(root, 'fixtures/examples/segments.csv');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pathcredit-seg-'));
});

describe('pathcredit attribute --segment-column', () => {
  it('prints the library numbers per segment, then the all-segments rows of an unsegmented run (subprocess)', async () => {
    const { code, stdout, stderr } = await cli(['attribute', segmentsExample, '--segment-column', 'device', '--format', 'csv']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/segments by device: 3/);
    expect(stderr).toMatch(/5 paths have touches in another segment than their closing row/);
    const rows = parseCsv(stdout);
    const store = await readCsv(segmentsExample, { attributeColumns: ['device'] });
    const lib = attributeBySegment(store, { segments: { columns: ['device'] } });
    for (const s of lib.segments) {
      const mine = rows.filter((r) => r.segment === s.label);
      expect(mine.at(-1)!.row_type).toBe('total');
      for (const r of mine.slice(0, -1)) {
        const ch = store.channels.indexOf(r.channel);
        for (const c of s.credits) expect(Number(r[`${c.model}_conversions`])).toBe(c.conversions[ch]);
      }
      expect(Number(mine.at(-1)!.linear_conversions)).toBe(s.conversions);
    }
    const plain = attribute(await readCsv(segmentsExample));
    const all = rows.filter((r) => r.segment === '');
    expect(all).toHaveLength(plain.table.channels.length + 1);
    for (const [i, name] of plain.table.channels.entries()) {
      expect(all[i].channel).toBe(name);
      for (const c of plain.credits) expect(Number(all[i][`${c.model}_conversions`])).toBeCloseTo(c.conversions[i], 10);
    }
  });

  it('prints a per-device table with totals on a terminal, and combinations of columns', async () => {
    const table = await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--models', 'first,linear'], true);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Segments \(device\)\nsegment +paths +journeys +conversions +value +conversion_rate/);
    expect(table.stdout).toMatch(/Conversions credited, segment desktop\nchannel +first_touch +linear/);
    expect(table.stdout).toMatch(/\(total\) +15 +15\.00/);
    expect(table.stdout).toMatch(/All segments\nConversions credited/);
    const combo = await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--segment-column', 'country', '--models', 'linear', '--format', 'json']);
    const rows = JSON.parse(combo.stdout) as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({ segment: 'desktop | (empty)', segment_device: 'desktop', segment_country: '(empty)', row_type: 'channel' });
    expect(rows.at(-1)).toMatchObject({ segment: null, segment_device: null, row_type: 'total', linear_conversions: 30 });
  });

  it('applies --transform before the segments, as the library does on the transformed store', async () => {
    const r = await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--transform', 'exposure,first', '--models', 'linear,markov', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/path transforms: exposure,first/);
    const rows = parseCsv(r.stdout);
    const shaped = applyTransforms(await readCsv(segmentsExample, { attributeColumns: ['device'] }), parseTransforms('exposure,first'));
    const lib = attributeBySegment(shaped, { models: ['linear', 'markov'], segments: { columns: ['device'] } });
    const raw = await readCsv(segmentsExample, { attributeColumns: ['device'] });
    const unshaped = attributeBySegment(raw, { models: ['linear', 'markov'], segments: { columns: ['device'] } });
    let differs = false;
    for (const [k, s] of lib.segments.entries()) {
      for (const row of rows.filter((x) => x.segment === s.label && x.row_type === 'channel')) {
        const ch = shaped.channels.indexOf(row.channel);
        for (const c of s.credits) expect(Number(row[`${c.model}_conversions`])).toBeCloseTo(c.conversions[ch], 12);
        const before = unshaped.segments[k].credits[1].conversions[raw.channels.indexOf(row.channel)];
        if (Math.abs(Number(row.markov_conversions) - before) > 1e-9) differs = true;
      }
    }
    // The transform changes the paths, so it must change some credit (else this test could not fail).
    expect(differs).toBe(true);
  });

  it('refuses --window and --touch-weights with segments', async () => {
    expect((await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--window', '7d'])).stderr).toMatch(/--window does not combine with --segment-column/);
    expect((await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--touch-weights', 'click=1', '--touch-type-column', 'country'])).stderr).toMatch(/touch weights are not offered per segment/);
  });

  it('writes Arrow with the segment column, and marks differing shares under --intervals', async () => {
    const out = join(dir, 'seg.arrow');
    const r = await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--models', 'linear', '--intervals', '--replicates', '60', '--out', out]);
    expect(r.code).toBe(0);
    const t = tableFromIPC(readFileSync(out));
    expect(t.schema.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['segment', 'linear_share', 'linear_share_diff_lo', 'linear_share_diff_hi', 'linear_vs_all']));
    const verdicts = new Set(t.getChild('linear_vs_all')!.toArray());
    expect([...verdicts].every((v) => v === null || ['higher', 'lower', 'inconclusive'].includes(v as string))).toBe(true);
    const text = await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--models', 'linear', '--intervals', '--replicates', '60'], true);
    expect(text.stdout).toMatch(/▲ \/ ▼: the channel's share/);
    const diag = join(dir, 'diag.json');
    await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--models', 'linear', '--diagnostics', diag, '--format', 'csv']);
    const doc = JSON.parse(readFileSync(diag, 'utf8'));
    expect(doc.segments.map((s: { label: string }) => s.label)).toEqual(['desktop', 'mobile', 'tablet']);
    expect(doc.changedPaths).toBe(5);
  });

  it('stops with one clear line for bad segment input', async () => {
    const missing = await runInProcess(['attribute', segmentsExample, '--segment-column', 'browser']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/column "browser": missing column \(the header has .*"device", "country"\)/);
    const many = await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--max-segments', '2']);
    expect(many.code).toBe(1);
    expect(many.stderr).toMatch(/3 distinct segments, more than the maximum of 2/);
    const bad = await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--max-segments', '0']);
    expect(bad.stderr).toMatch(/--max-segments must be an integer >= 1/);
    const lonely = await runInProcess(['attribute', segmentsExample, '--markov-segment-state']);
    expect(lonely.stderr).toMatch(/--markov-segment-state needs --segment-column/);
    const counts = await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--layout', 'transitions']);
    expect(counts.stderr).toMatch(/transition counts carry no segments/);
    const duck = await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--engine', 'duckdb']);
    expect(duck.stderr).toMatch(/drop --engine duckdb/);
    const groups = await runInProcess(['attribute', segmentsExample, '--segment-column', 'device', '--remove-groups', 'Email+Display']);
    expect(groups.stderr).toMatch(/group removal effects are not offered per segment/);
  });

  it('reads a path summary with a segment column per row', async () => {
    const file = join(dir, 'paths.csv');
    writeFileSync(file, 'path,conversions,nulls,value,market\nsearch > email,3,2,30,DE\nemail,1,4,10,FR\nsearch,2,2,20,DE\n');
    const r = await runInProcess(['attribute', file, '--segment-column', 'market', '--models', 'first', '--format', 'csv']);
    const rows = parseCsv(r.stdout);
    expect(rows.filter((x) => x.segment === 'DE' && x.row_type === 'channel').map((x) => [x.channel, x.first_touch_conversions])).toEqual([
      ['search', '5'],
      ['email', '0'],
    ]);
  });
});

describe('segment columns from every input format', () => {
  it('gives the same segments from CSV, Arrow IPC and Parquet path summaries', async () => {
    const cols = { path: ['search > email', 'email', 'search', 'display > search'], conversions: Float64Array.from([3, 1, 2, 1]), nulls: Float64Array.from([2, 4, 2, 3]), market: ['DE', 'FR', 'DE', ''] };
    const csv = join(dir, 'seg-paths.csv');
    writeFileSync(csv, `path,conversions,nulls,market\n${cols.path.map((p, i) => `${p},${cols.conversions[i]},${cols.nulls[i]},${cols.market[i]}`).join('\n')}\n`);
    const table = tableFromArrays(cols);
    const arrow = join(dir, 'seg-paths.arrow');
    writeFileSync(arrow, tableToIPC(table, 'file'));
    const parquet = join(dir, 'seg-paths.parquet');
    writeFileSync(parquet, writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), new WriterPropertiesBuilder().setCompression(Compression.SNAPPY).build()));
    const outputs = [];
    for (const file of [csv, arrow, parquet]) {
      const r = await runInProcess(['attribute', file, '--segment-column', 'market', '--models', 'first,markov', '--format', 'csv']);
      expect(r.stderr).toMatch(/segments by market: 3/);
      outputs.push(r.stdout);
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
    expect(parseCsv(outputs[0]).filter((x) => x.row_type === 'total').map((x) => [x.segment, x.first_touch_conversions])).toEqual([
      ['(empty)', '1'],
      ['DE', '5'],
      ['FR', '1'],
      ['', '7'],
    ]);
  });
});

describe('pathcredit flows', () => {
  it('prints the flows of the library as long rows (subprocess)', async () => {
    const { code, stdout, stderr } = await cli(['flows', segmentsExample, '--steps', '3', '--format', 'csv']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/flows over 3 steps: 69 journeys, 30 conversions/);
    const rows = parseCsv(stdout);
    expect(Object.keys(rows[0])).toEqual(['step', 'from', 'to', 'kind', 'journeys', 'conversions', 'value', 'share', 'median_hours']);
    const lib = journeyFlows(await readCsv(segmentsExample), { steps: 3 });
    expect(rows).toHaveLength(lib.links.length);
    rows.forEach((r, i) => {
      expect(Number(r.journeys)).toBe(lib.links[i].journeys);
      expect(r.from).toBe(lib.links[i].from ?? '(start)');
    });
  });

  it('prints readable tables on a terminal, other tables, and per segment', async () => {
    const t = await runInProcess(['flows', segmentsExample], true);
    expect(t.stdout).toMatch(/Nodes by step/);
    expect(t.stdout).toMatch(/Top paths by conversions/);
    expect(t.stdout).toMatch(/Where journeys stall/);
    expect(t.stdout).toMatch(/Median time between steps: 1->2 /);
    const stalls = await runInProcess(['flows', segmentsExample, '--table', 'stalls', '--min-stall-journeys', '5', '--format', 'json']);
    const s = JSON.parse(stalls.stdout) as { rank: number; drop_off_rate: number; journeys: number }[];
    expect(s[0].rank).toBe(1);
    expect(s.every((x, i) => i === 0 || x.drop_off_rate <= s[i - 1].drop_off_rate)).toBe(true);
    expect(s.every((x) => x.journeys >= 5)).toBe(true);
    const seg = await runInProcess(['flows', segmentsExample, '--segment-column', 'device', '--table', 'nodes', '--format', 'csv']);
    const rows = parseCsv(seg.stdout);
    expect(new Set(rows.map((r) => r.segment))).toEqual(new Set(['desktop', 'mobile', 'tablet', '']));
  });

  it('refuses bad flags', async () => {
    expect((await runInProcess(['flows', segmentsExample, '--steps', '0'])).stderr).toMatch(/--steps must be an integer from 1 to 50/);
    expect((await runInProcess(['flows', segmentsExample, '--table', 'edges'])).stderr).toMatch(/--table must be one of links, nodes, paths, stalls/);
    expect((await runInProcess(['flows', segmentsExample, '--steps', '80'])).stderr).toMatch(/--steps must be an integer from 1 to 50/);
  });
});
