import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { tableFromArrays } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { attribute, readCsv, TransitionCounter, transitionRows } from '../src/index.js';
import { run } from '../src/cli/run.js';
import { cli, cliPath, example, parseCsv, peer, root, runInProcess } from './helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pathcredit-cli-'));
});

describe('pathcredit attribute (subprocess on the built package)', () => {
  it('prints the same numbers as the library on the bundled example', async () => {
    const { code, stdout, stderr } = await cli(['attribute', example, '--format', 'csv']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/read 191 rows \(csv\): 60 journeys, 69 paths, 7 channels, 0 rows skipped/);
    const rows = parseCsv(stdout);
    const lib = attribute(await readCsv(example));
    const flat = lib.table;
    expect(rows).toHaveLength(flat.channels.length + 1);
    for (const [i, name] of flat.channels.entries()) {
      expect(rows[i].channel).toBe(name);
      for (const c of lib.credits) {
        expect(Number(rows[i][`${c.model}_conversions`])).toBe(c.conversions[i]);
        expect(Number(rows[i][`${c.model}_value`])).toBe(c.value[i]);
      }
    }
    expect(rows.at(-1)!.row_type).toBe('total');
    expect(Number(rows.at(-1)!.linear_conversions)).toBe(30);
  });

  it('gives identical results for CSV, gzipped CSV, Arrow touchpoints and the path layout of the same journeys', async () => {
    const gz = join(dir, 'touchpoints.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(example)));
    // The same journeys as an Arrow IPC touchpoint table.
    const store = await readCsv(example);
    const text = readFileSync(example, 'utf8').trim().split('\n').slice(1);
    const parsed = parseCsv(`journey_id,timestamp,channel,conversions,value\n${text.join('\n')}\n`);
    const arrowFile = join(dir, 'touchpoints.arrow');
    writeFileSync(
      arrowFile,
      tableToIPC(
        tableFromArrays({
          journey_id: parsed.map((r) => r.journey_id),
          timestamp: parsed.map((r) => r.timestamp),
          channel: parsed.map((r) => r.channel),
          conversions: Float64Array.from(parsed.map((r) => Number(r.conversions))),
          value: Float64Array.from(parsed.map((r) => Number(r.value))),
        }),
        'file',
      ),
    );
    // The same journeys as an aggregated path CSV (one row per path, in store order).
    const pathLines = ['path,conversions,value,nulls'];
    for (let p = 0; p < store.pathCount; p++) {
      const names = Array.from(store.touches.subarray(store.offsets[p], store.offsets[p + 1]), (id) => store.channels[id]);
      pathLines.push(`"${names.join(' > ')}",${store.conversions[p]},${store.value[p]},${store.nulls[p]}`);
    }
    const pathsFile = join(dir, 'paths.csv');
    writeFileSync(pathsFile, `${pathLines.join('\n')}\n`);
    const models = 'first,last,linear,position,markov';
    const outputs = await Promise.all([example, gz, arrowFile, pathsFile].map((f) => cli(['attribute', f, '--models', models, '-f', 'csv'])));
    for (const o of outputs) expect(o.code).toBe(0);
    const reference = parseCsv(outputs[0].stdout);
    for (const o of outputs.slice(1)) {
      const rows = parseCsv(o.stdout);
      expect(rows.map((r) => r.channel)).toEqual(reference.map((r) => r.channel));
      for (const [i, r] of rows.entries()) {
        for (const [k, v] of Object.entries(r)) {
          if (k === 'row_type' || k === 'channel') continue;
          if (k === 'flags') expect(v).toBe(reference[i][k]);
          else expect(Number(v)).toBeCloseTo(Number(reference[i][k]), 9);
        }
      }
    }
  });

  it('reads a ChannelAttribution export by naming its columns', async () => {
    const { code, stdout, stderr } = await cli([
      'attribute', peer, '--models', 'first,linear,markov', '--conversions-column', 'total_conversions',
      '--value-column', 'total_conversion_value', '--nulls-column', 'total_null', '-f', 'json',
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/10,000 rows \(csv\): 88,387 journeys, 10,000 paths, 12 channels/);
    const rows = JSON.parse(stdout) as Record<string, number | string | null>[];
    expect(rows).toHaveLength(13);
    expect(rows[12].row_type).toBe('total');
    expect(rows[12].markov_conversions).toBeCloseTo(19785, 6);
    expect(rows[12].first_touch_value).toBeCloseTo(74802.97, 1);
  });

  it('--markov-solver picks the removal method, the summary names it, and every method gives the same credits', async () => {
    const args = ['attribute', peer, '--models', 'markov', '--conversions-column', 'total_conversions', '--value-column', 'total_conversion_value', '--nulls-column', 'total_null', '-f', 'json'];
    const byMethod = new Map<string, Record<string, number | string | null>[]>();
    for (const method of ['direct', 'iterative', 'fundamental', 'affected']) {
      const { code, stdout, stderr } = await runInProcess([...args, '--markov-solver', method]);
      expect(code).toBe(0);
      expect(stderr).toMatch(new RegExp(`solver ${method} \\(`));
      byMethod.set(method, JSON.parse(stdout) as Record<string, number | string | null>[]);
    }
    const fundamental = await runInProcess([...args, '--markov-solver', 'fundamental']);
    expect(fundamental.stderr).toMatch(/solver fundamental \(\d+ hub states, residual [\d.e+-]+, removal effects within [\d.e+-]+\)/);
    const direct = byMethod.get('direct')!;
    for (const rows of byMethod.values()) {
      rows.forEach((row, i) => {
        expect(Number(row.markov_conversions)).toBeCloseTo(Number(direct[i].markov_conversions), 6);
        expect(Number(row.markov_removal_effect)).toBeCloseTo(Number(direct[i].markov_removal_effect), 9);
      });
    }
    const bad = await runInProcess([...args, '--markov-solver', 'lu']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--markov-solver must be one of auto, direct, iterative, fundamental, affected/);
  });

  it('writes Arrow, JSON and CSV files chosen by extension', async () => {
    const arrowOut = join(dir, 'out.arrow');
    const jsonOut = join(dir, 'out.json');
    expect((await cli(['attribute', example, '--models', 'linear', '--out', arrowOut])).code).toBe(0);
    expect((await cli(['attribute', example, '--models', 'linear', '--out', jsonOut])).code).toBe(0);
    const table = tableFromIPC(readFileSync(arrowOut));
    const json = JSON.parse(readFileSync(jsonOut, 'utf8')) as { channel: string | null; linear_conversions: number }[];
    expect(table.numRows).toBe(8);
    expect(table.getChild('linear_conversions')!.toArray()).toEqual(Float64Array.from(json.map((r) => r.linear_conversions)));
    expect(json.at(-1)!.channel).toBeNull();
  });

  it('neutralises spreadsheet formulas in CSV output, with an opt-out; JSON keeps names verbatim', async () => {
    const f = join(dir, 'formula.csv');
    writeFileSync(f, 'journey_id,channel,conversions\nu1,=1+1,0\nu1,@SUM(A1),1\nu2,+cmd,1\nu3,-x,1\n');
    const safe = await cli(['attribute', f, '--models', 'first', '-f', 'csv']);
    expect(safe.code).toBe(0);
    expect(parseCsv(safe.stdout).map((r) => r.channel)).toEqual(["'=1+1", "'@SUM(A1)", "'+cmd", "'-x", '']);
    const raw = await cli(['attribute', f, '--models', 'first', '-f', 'csv', '--allow-formulas']);
    expect(parseCsv(raw.stdout).map((r) => r.channel)).toEqual(['=1+1', '@SUM(A1)', '+cmd', '-x', '']);
    const json = await cli(['attribute', f, '--models', 'first', '-f', 'json']);
    expect((JSON.parse(json.stdout) as { channel: string }[]).map((r) => r.channel)).toEqual(['=1+1', '@SUM(A1)', '+cmd', '-x', null]);
  });

  it('reads CSV from stdin', async () => {
    const { code, stdout } = await cli(['attribute', '-', '--models', 'last', '-f', 'csv'], 'journey_id,channel,conversions\na,x,0\na,y,1\n');
    expect(code).toBe(0);
    expect(parseCsv(stdout).map((r) => [r.channel, r.last_touch_conversions])).toEqual([['x', '0'], ['y', '1'], ['', '1']]);
  });
});

describe('pathcredit bad input (subprocess): one line, the place, the value, non-zero exit', () => {
  const cases: [string, string, RegExp][] = [
    ['malformed line', 'journey_id,channel,conversions\nu1,a,0\nu1,"b,1\n', /line 3.*(quote|malformed)/i],
    ['negative count', 'journey_id,channel,conversions\nu1,a,0\nu1,b,-1\n', /line 3, column "conversions".*-1/],
    ['non-numeric count', 'journey_id,channel,conversions\nu1,a,0\nu1,b,two\n', /line 3, column "conversions".*"two"/],
    ['unparseable timestamp', 'journey_id,timestamp,channel,conversions\nu1,2024-01-01,a,0\nu1,tomorrow,b,1\n', /line 3, column "timestamp".*"tomorrow"/],
    ['missing column', 'user,channel,conversions\nu1,a,1\n', /journey_id|cannot tell the layout/],
  ];
  for (const [name, text, message] of cases) {
    it(name, async () => {
      const f = join(dir, `${name.replace(/ /g, '-')}.csv`);
      writeFileSync(f, text);
      const { code, stderr, stdout } = await cli(['attribute', f, '--models', 'first', '-f', 'csv']);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(f);
      expect(stderr).toMatch(message);
    });
  }

  it('--skip-invalid continues and counts what it skipped', async () => {
    const f = join(dir, 'skip.csv');
    writeFileSync(f, 'journey_id,channel,conversions\nu1,a,0\nu1,b,-1\nu2,c,1\nu3,d,x\n');
    const { code, stderr, stdout } = await cli(['attribute', f, '--models', 'first', '-f', 'csv', '--skip-invalid']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/2 rows skipped/);
    expect(stderr).toMatch(/skipped: .*line 3/);
    expect(parseCsv(stdout).at(-1)!.first_touch_conversions).toBe('1');
  });

  it('names a column flag that is not in the header', async () => {
    const { code, stderr } = await cli(['attribute', example, '--value-column', 'revenue']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/revenue/);
  });

  it('exits non-zero for a missing file', async () => {
    const { code, stderr } = await cli(['attribute', join(dir, 'nope.csv')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/nope\.csv/);
  });
});

describe('pathcredit transitions and journeys (subprocess)', () => {
  it('transitions equal the library matrix', async () => {
    const { code, stdout } = await cli(['transitions', example, '--order', '2', '-f', 'csv']);
    expect(code).toBe(0);
    const rows = parseCsv(stdout);
    const lib = transitionRows(new TransitionCounter({ order: 2 }).add(await readCsv(example)));
    expect(rows.map((r) => [r.from, r.to, Number(r.count), Number(r.probability)])).toEqual(lib.map((r) => [r.from, r.to, r.count, r.probability]));
  });

  it('journeys gives per-touch credit that sums to the per-touch channel totals (path rule) or the channel credits (channel rule)', async () => {
    const store = await readCsv(example);
    const sumsOf = (rows: Record<string, string>[]) => {
      const sums = new Map<string, number>();
      for (const r of rows) sums.set(r.channel, (sums.get(r.channel) ?? 0) + Number(r.conversions));
      return sums;
    };
    const pathRule = await cli(['journeys', example, '--model', 'markov', '-f', 'csv']);
    expect(pathRule.code).toBe(0);
    const rows = parseCsv(pathRule.stdout);
    const lib = attribute(store, { models: ['markov'], perTouch: true });
    const totals = lib.markov!.perTouchChannelTotals!;
    for (const [i, name] of lib.table.channels.entries()) expect(sumsOf(rows).get(name) ?? 0).toBeCloseTo(totals.conversions[i], 9);
    // Each converting path keeps exactly its own conversions.
    const perPath = new Map<string, number>();
    for (const r of rows) perPath.set(r.path, (perPath.get(r.path) ?? 0) + Number(r.conversions));
    for (const [p, total] of perPath) expect(total).toBeCloseTo(store.conversions[Number(p)], 12);
    expect(rows[0]).toMatchObject({ journey: 'u001', position: '1', row: '0' });

    const channelRule = await cli(['journeys', example, '--model', 'markov', '--per-touch-rule', 'channel', '-f', 'csv']);
    const sums = sumsOf(parseCsv(channelRule.stdout));
    for (const [i, name] of lib.table.channels.entries()) expect(sums.get(name) ?? 0).toBeCloseTo(lib.credits[0].conversions[i], 9);
  });

  it('journeys for a heuristic model sums to its channel credits', async () => {
    const { code, stdout } = await cli(['journeys', example, '--model', 'time-decay', '--half-life', '2d', '-f', 'csv']);
    expect(code).toBe(0);
    const lib = attribute(await readCsv(example), { models: ['time_decay'], timeDecay: { halfLife: '2d' } });
    const sums = new Map<string, number>();
    for (const r of parseCsv(stdout)) sums.set(r.channel, (sums.get(r.channel) ?? 0) + Number(r.value));
    for (const [i, name] of lib.table.channels.entries()) expect(sums.get(name) ?? 0).toBeCloseTo(lib.credits[0].value[i], 9);
  });
});

describe('run() argument handling (in-process)', () => {
  it('prints help with examples for every subcommand and exits 0', async () => {
    for (const sub of ['attribute', 'transitions', 'journeys']) {
      const { code, stdout } = await runInProcess([sub, '--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/Examples:/);
      expect(stdout).toMatch(/--conversions-column/);
    }
    expect((await runInProcess(['--help'])).code).toBe(0);
  });

  it('usage errors exit 2', async () => {
    expect((await runInProcess([])).code).toBe(2);
    expect((await runInProcess(['attribute'])).code).toBe(2);
    expect((await runInProcess(['attribute', example, '--no-such-flag'])).code).toBe(2);
    expect((await runInProcess(['frobnicate'])).code).toBe(2);
  });

  it('bad option values exit 1 with a one-line message', async () => {
    const cases: [string[], RegExp][] = [
      [['attribute', example, '--models', 'first,bogus'], /unknown model.*"bogus"/],
      [['attribute', example, '--order', '0'], /--order must be a positive integer/],
      [['attribute', example, '--half-life', 'soon', '--models', 'time-decay'], /halfLife|half-life/i],
      [['attribute', example, '--position', '0.9,0.9', '--models', 'position'], /first|weights/i],
      [['attribute', example, '--format', 'xml'], /--format must be one of/],
      [['attribute', example, '--lookback', '3 days'], /--lookback must be a duration/],
      [['attribute', example, '--layout', 'rows'], /--layout must be touchpoints or paths/],
      [['attribute', example, '--out', 'x.xlsx'], /cannot tell the output format/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runInProcess(args);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr).toMatch(message);
    }
  });

  it('applies model options', async () => {
    const { stdout } = await runInProcess(['attribute', example, '--models', 'position', '--position', 'J', '-f', 'json']);
    const store = await readCsv(example);
    const lib = attribute(store, { models: ['position_based'], positionBased: { preset: 'J' } });
    const rows = JSON.parse(stdout) as { position_based_conversions: number }[];
    expect(rows.slice(0, -1).map((r) => r.position_based_conversions)).toEqual(Array.from(lib.credits[0].conversions));
  });
});

describe('progress on stderr', () => {
  it('draws rows and rate only when stderr is a terminal', async () => {
    const { createProgress } = await import('../src/cli/progress.js');
    const capture = async (isTTY: boolean) => {
      const stream = Object.assign(new PassThrough(), { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
      let text = '';
      stream.on('data', (d) => (text += d));
      const progress = await createProgress({ stdout: new PassThrough(), stderr: stream, stdin: Readable.from([]) }, 1000);
      progress.update(1_000_000, 400);
      progress.update(2_000_000, 900);
      progress.stop();
      return { text: () => text, rows: progress.rows };
    };
    const tty = await capture(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(tty.text()).toMatch(/2,000,000 rows/);
    expect(tty.text()).toMatch(/M rows\/s/);
    expect(tty.rows).toBe(2_000_000);
    const pipe = await capture(false);
    await new Promise((r) => setTimeout(r, 10));
    expect(pipe.text()).toBe('');
    expect(pipe.rows).toBe(2_000_000);
  });
});

describe('pipes', () => {
  it('a reader that stops early ends the run quietly', async () => {
    const { spawn } = await import('node:child_process');
    // About 200,000 output rows: far more than one pipe buffer, so writes continue after the reader is gone.
    const args = ['journeys', peer, '--model', 'linear', '-f', 'csv', '--conversions-column', 'total_conversions', '--value-column', 'total_conversion_value', '--nulls-column', 'total_null'];
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: root });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
