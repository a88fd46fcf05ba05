import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, runInProcess } from './helpers/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = join(root, 'fixtures/examples/touchpoints.csv');

/** `data-sort` values of one column of the credits table, by channel. */
function creditsColumn(page: string, column: number): Map<string, number> {
  const table = page.slice(page.indexOf('id="credits-table"'), page.indexOf('</table>', page.indexOf('id="credits-table"')));
  const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
  const out = new Map<string, number>();
  for (const row of body.split('<tr>').slice(1)) {
    const cells = [...row.matchAll(/<t[hd][^>]*data-sort="([^"]*)"/g)].map((m) => m[1]);
    out.set(cells[0], Number(cells[column]));
  }
  return out;
}

describe('pathcredit report (subprocess on the built package)', () => {
  it('writes one HTML file and says where, with the input summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pathcredit-report-'));
    const out = join(dir, 'report.html');
    const { code, stderr } = await cli(['report', example, '-o', out]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/read 191 rows \(csv\): 60 journeys, 69 paths, 7 channels, 0 rows skipped/);
    expect(stderr).toMatch(/wrote .*report\.html \(\d+\.\d KiB\)/);
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<dt>Generated</dt>');
    expect(page).toContain(`<code class="command">pathcredit report ${example} -o ${out}</code>`);
    expect(page).toMatch(/<dt>pathcredit<\/dt><dd>\d+\.\d+\.\d+/);
  });

  it('is byte-identical across runs with --no-timestamp', async () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), 'pathcredit-report-a-')), mkdtempSync(join(tmpdir(), 'pathcredit-report-b-'))];
    for (const cwd of [a, b]) expect((await cli(['report', example, '-o', 'report.html', '--no-timestamp'], undefined, cwd)).code).toBe(0);
    const first = readFileSync(join(a, 'report.html'));
    expect(first.equals(readFileSync(join(b, 'report.html')))).toBe(true);
    expect(first.toString()).not.toContain('Generated');
    // The settings list shows the timestamp as off (not "--no-timestamp on/off", which reads backwards).
    expect(first.toString()).toContain('<li><code>--timestamp</code> off</li>');
    expect(first.toString()).not.toContain('<code>--no-timestamp</code>');
  });

  it('computes the same credits as `attribute` with the same options', async () => {
    const options = ['--models', 'first,linear,markov', '--order', '2', '--lookback', '20d'];
    const [report, attributed] = await Promise.all([runInProcess(['report', example, ...options, '--no-timestamp']), runInProcess(['attribute', example, ...options, '-f', 'json'])]);
    expect(report.code).toBe(0);
    expect(attributed.code).toBe(0);
    const rows = JSON.parse(attributed.stdout) as Record<string, number | string | null>[];
    for (const [k, model] of ['first_touch', 'linear', 'markov'].entries()) {
      const conversions = creditsColumn(report.stdout, 1 + k);
      const value = creditsColumn(report.stdout, 4 + k);
      for (const row of rows.filter((r) => r.row_type === 'channel')) {
        expect(conversions.get(row.channel as string)).toBe(row[`${model}_conversions`]);
        expect(value.get(row.channel as string)).toBe(row[`${model}_value`]);
      }
    }
    expect(report.stdout).toContain('The model above used order 2');
    expect(report.stdout).toContain('Touches older than <strong>20d</strong> before the conversion were dropped.');
    expect(report.stdout).toContain('<li><code>--order</code> 2</li>');
    expect(report.stdout).toContain('<li><code>--lookback</code> 20d</li>');
    expect(report.stdout).toContain('<li><code>--half-life</code> 7d</li>');
  });

  it('draws the same bootstrap intervals `attribute --intervals` prints, with the seed in the footer', async () => {
    const options = ['--models', 'linear,markov', '--intervals', '--replicates', '40', '--seed', '5'];
    const [report, attributed] = await Promise.all([runInProcess(['report', example, ...options, '--no-timestamp']), runInProcess(['attribute', example, ...options, '-f', 'json'])]);
    expect(report.code).toBe(0);
    expect(attributed.code).toBe(0);
    const rows = (JSON.parse(attributed.stdout) as Record<string, number | string | null>[]).filter((r) => r.row_type === 'channel');
    const chart = report.stdout.slice(report.stdout.indexOf('id="model-conversions"'), report.stdout.indexOf('</svg>', report.stdout.indexOf('id="model-conversions"')));
    const finite = rows.flatMap((r) => ['linear', 'markov'].filter((m) => Number.isFinite(r[`${m}_conversions_lo`]) && Number.isFinite(r[`${m}_conversions_hi`])));
    expect(finite.length).toBeGreaterThan(0);
    expect(chart.match(/<path class="whisker"/g)).toHaveLength(finite.length);
    expect(report.stdout).toContain('<dt>Seed</dt><dd>5 (bootstrap)</dd>');
    expect(report.stdout).toContain('40 replicates');
  });

  it('shares the input, column and model options of attribute', async () => {
    const [report, attributed] = await Promise.all([runInProcess(['report', '--help']), runInProcess(['attribute', '--help'])]);
    const flags = (text: string) => new Set([...text.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]));
    const reportFlags = flags(report.stdout);
    for (const flag of flags(attributed.stdout)) {
      if (['--format', '--allow-formulas'].includes(flag)) continue;
      expect(reportFlags, flag).toContain(flag);
    }
    expect(reportFlags).toContain('--no-timestamp');
  });

  it('fails clearly on bad options, a missing file and a terminal without -o', async () => {
    const bad = await runInProcess(['report', example, '--models', 'first,bogus']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown model .*bogus/);
    const top = await runInProcess(['report', example, '--top-paths', '-1']);
    expect(top.code).toBe(1);
    expect(top.stderr).toMatch(/--top-paths must be a non-negative integer/);
    const missing = await runInProcess(['report', join(root, 'no-such-file.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no-such-file\.csv/);
    const tty = await runInProcess(['report', example], true);
    expect(tty.code).toBe(1);
    expect(tty.stderr).toMatch(/refusing to write HTML to a terminal: use -o report.html/);
    expect(tty.stdout).toBe('');
  });

  it('quotes arguments with spaces or quotes in the footer command so it can be pasted', async () => {
    const { code, stdout } = await runInProcess(['report', example, '--title', `Q1 "it's" <b>`, '--no-timestamp']);
    expect(code).toBe(0);
    expect(stdout).toContain(`--title &#39;Q1 &quot;it&#39;\\&#39;&#39;s&quot; &lt;b&gt;&#39; --no-timestamp</code>`);
    expect(stdout).toContain('<h1>Q1 &quot;it&#39;s&quot; &lt;b&gt;</h1>');
  });
});
