/**
 * Markov at campaign scale: the whole CLI process (`pathcredit attribute <csv> --models markov`)
 * on seeded path summaries with many channels (not part of the test suite).
 *
 *   npx tsx bench/markov-campaign.ts              # order 1 at 1k, 5k, 20k channels; direct vs fundamental; orders 2-3
 *   npx tsx bench/markov-campaign.ts --order1     # only the order-1 table (add --baseline for the per-removal solve at 5k)
 *   npx tsx bench/markov-campaign.ts --crossover  # only direct vs fundamental, solver alone, 250 to 2,000 channels
 *   npx tsx bench/markov-campaign.ts --orderk     # only orders 2-3, 1 and 2 threads (add --baseline for the whole-chain iterative solve at 200 channels, order 2)
 *   --runs N                                       # repetitions per CLI case (median; default 3)
 *
 * Data (bench/lib/campaign-paths.ts): 200,000 rows `path,conversions,value,nulls`, Zipf channel
 * popularity (weight 1 / rank), 1 to 12 touches, a few journeys per row. The CLI runs from dist/
 * (`npm run build` first); peak memory is the child's VmHWM.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { TransitionCounter, markovFromCounts, readCsvPaths } from '../src/index.js';
import { writeCampaignCsv } from './lib/campaign-paths.js';
import { printTable } from './lib/measure.js';

const ROWS = 200_000;
const args = process.argv.slice(2);
const only = ['--order1', '--crossover', '--orderk'].filter((a) => args.includes(a));
const wants = (a: string) => only.length === 0 || only.includes(a);
const baseline = args.includes('--baseline');
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const root = join(import.meta.dirname, '..');
const dataDir = join(import.meta.dirname, 'data');
mkdirSync(dataDir, { recursive: true });
if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error('build first: npm run build');

// The machine is shared: the load average is printed with every table, and each order-1 row has a
// floor measured in the same run (the same file through the CLI with first-touch only: reading,
// encoding and a trivial model), so the Markov share can be told apart from the noise.
const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');
console.log(`Markov campaign benchmark: node ${process.version}, ${new Date().toISOString()}, ${ROWS.toLocaleString('en-US')} path rows per file, load average ${load()}`);

async function dataFile(channels: number): Promise<string> {
  const file = join(dataDir, `campaign-${channels}.csv`);
  if (!existsSync(file)) await writeCampaignCsv(file, ROWS, channels);
  return file;
}

interface CliRun {
  readonly seconds: number;
  readonly peakMb: number;
  readonly summary: string;
}

/** One whole CLI process; returns wall seconds, peak RSS and the Markov summary line. */
function cliRun(file: string, extra: string[]): CliRun {
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--import', './bench/lib/report-rss.mjs', 'dist/cli/main.js', 'attribute', file, '--models', 'markov', '--out', join(dataDir, 'campaign-out.csv'), ...extra],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`CLI failed (${extra.join(' ')}):\n${r.stderr}`);
  const summary = /markov order .*/.exec(r.stderr)?.[0] ?? '';
  return { seconds, peakMb: Number(/__PEAK_RSS_MB__=([\d.]+)/.exec(r.stderr)?.[1] ?? NaN), summary };
}

/** Median of `n` CLI runs (by wall time). */
function cliMedian(file: string, extra: string[], n: number): CliRun {
  const all = Array.from({ length: n }, () => cliRun(file, extra)).sort((a, b) => a.seconds - b.seconds);
  return all[Math.floor(all.length / 2)];
}

const method = (summary: string) => /solver (\w+)/.exec(summary)?.[1] ?? '?';
const detail = (summary: string) => /solver \w+ \((.*)\)$/.exec(summary)?.[1] ?? '';
const states = (summary: string) => /(\d+) states/.exec(summary)?.[1] ?? '?';
const secs = (s: number) => s.toFixed(2);

if (wants('--order1')) {
  const rows: (string | number)[][] = [];
  for (const channels of [1000, 5000, 20000]) {
    const file = await dataFile(channels);
    const floor = cliMedian(file, ['--models', 'first'], runs);
    rows.push([channels.toLocaleString('en-US'), 'floor: --models first', '-', secs(floor.seconds), floor.peakMb.toFixed(0), '']);
    const r = cliMedian(file, [], runs);
    rows.push([channels.toLocaleString('en-US'), 'auto', method(r.summary), secs(r.seconds), r.peakMb.toFixed(0), detail(r.summary)]);
    if (channels === 1000) {
      const d = cliMedian(file, ['--markov-solver', 'direct'], runs);
      rows.push([channels.toLocaleString('en-US'), 'direct', 'direct (per removal)', secs(d.seconds), d.peakMb.toFixed(0), detail(d.summary)]);
    }
    if (channels === 5000 && baseline) {
      const it = cliRun(file, ['--markov-solver', 'iterative']);
      rows.push([channels.toLocaleString('en-US'), 'iterative', 'iterative (per removal)', secs(it.seconds), it.peakMb.toFixed(0), detail(it.summary)]);
    }
  }
  printTable(`Order 1, whole CLI process (median of ${runs}; load average at the end ${load()})`, ['channels', '--markov-solver', 'method', 'seconds', 'peak MB', 'solver report'], rows);
}

if (wants('--crossover')) {
  const rows: (string | number)[][] = [];
  for (const channels of [250, 500, 1000, 2000]) {
    const counter = new TransitionCounter().add(await readCsvPaths(await dataFile(channels)));
    const time = (solver: 'direct' | 'fundamental') => {
      const t: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        markovFromCounts(counter, { solver });
        t.push(performance.now() - t0);
      }
      return t.sort((a, b) => a - b)[1];
    };
    const d = time('direct');
    const f = time('fundamental');
    rows.push([String(channels), String(counter.transitionCount), d.toFixed(0), f.toFixed(0), (d / f).toFixed(2), d <= f ? 'direct' : 'fundamental']);
  }
  printTable(`Order 1, solver alone (markovFromCounts, median of 3 ms; load average ${load()})`, ['channels', 'transitions', 'direct ms', 'fundamental ms', 'direct / fundamental', 'faster'], rows);
}

if (wants('--orderk')) {
  const rows: (string | number)[][] = [];
  const cases: [number, number][] = [
    [200, 2],
    [200, 3],
    [500, 2],
  ];
  for (const [channels, order] of cases) {
    const file = await dataFile(channels);
    for (const threads of channels === 200 && order === 2 ? [1, 2] : [2]) {
      const r = cliRun(file, ['--order', String(order), '--threads', String(threads)]);
      rows.push([String(channels), String(order), states(r.summary), `${method(r.summary)}, ${threads} thread${threads > 1 ? 's' : ''}`, secs(r.seconds), r.peakMb.toFixed(0), detail(r.summary)]);
    }
    if (baseline && channels === 200 && order === 2) {
      const it = cliRun(file, ['--order', String(order), '--markov-solver', 'iterative']);
      rows.push([String(channels), String(order), states(it.summary), 'iterative (whole chain), 1 thread', secs(it.seconds), it.peakMb.toFixed(0), detail(it.summary)]);
    }
  }
  printTable(`Orders 2-3, whole CLI process (one run each; load average ${load()})`, ['channels', 'order', 'states', 'method', 'seconds', 'peak MB', 'solver report'], rows);
}
