/**
 * Every input route, timed as a user meets it: the built CLI as a whole
 * process (wall time, peak memory), next to a floor measured in the same run
 * (a Node process that reads the file's bytes and counts its newlines), with
 * the ratio to that floor.
 *
 *   npm run build && npx tsx bench/read-routes.ts          # every route (about 10 minutes)
 *   npx tsx bench/read-routes.ts paths touchpoints          # some sections only
 *   npx tsx bench/read-routes.ts --runs 5
 *
 * Sections: `paths` (ChannelAttribution-format path summaries of 1e6 and 1e7
 * journeys), `touchpoints` (2 M event rows, sorted and shuffled), `big` (the
 * 10 M-journey, 40 M-row touchpoint CSV, every model), `arrow` (journey
 * building from shuffled Arrow touchpoints, 40 M rows), `threads` (Markov
 * counting on 1 and 2 threads at 10 M journeys). Data is generated once,
 * seeded, into bench/data/ (gitignored).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateJourneys } from './lib/generate.js';
import { printTable } from './lib/measure.js';
import { writeTouchpointCsv } from './lib/to-csv.js';
import { writePathSummaryCsv } from './lib/to-path-summary.js';

const root = join(import.meta.dirname, '..');
const dataDir = join(import.meta.dirname, 'data');
mkdirSync(dataDir, { recursive: true });
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const sections = args.filter((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1));
const want = (name: string) => sections.length === 0 || sections.includes(name);
const CLI = join(root, 'dist', 'cli', 'main.js');
const RSS = join(import.meta.dirname, 'lib', 'report-rss.mjs');
if (!existsSync(CLI)) throw new Error('build first: npm run build');

/** One timed whole process: wall ms and peak RSS in MB (VmHWM). */
interface Run {
  readonly ms: number;
  readonly rss: number;
}

/** Runs `node args` RUNS times (after one warm-up for the page cache); the median wall time and its peak memory. */
function timed(nodeArgs: string[]): Run {
  const once = (): Run => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', RSS, ...nodeArgs], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`failed: node ${nodeArgs.join(' ')}\n${r.stderr}`);
    return { ms, rss: Number(/__PEAK_RSS_MB__=([\d.]+)/.exec(r.stderr)?.[1] ?? NaN) };
  };
  once();
  const runs = Array.from({ length: RUNS }, once).sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)];
}

/** The floor of a file: a Node process that reads its bytes and counts the newlines. */
function floor(file: string): Run {
  const script = `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(file)},'r');const b=Buffer.allocUnsafe(1<<20);let n=0,k;while((k=fs.readSync(fd,b,0,b.length,null))>0){for(let i=0;i<k;i++)if(b[i]===10)n++}console.log(n)`;
  return timed(['-e', script]);
}

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`);
const rows = (n: number, ms: number) => `${(n / ms / 1e3).toFixed(2)} M rows/s`;

/** A table of routes against the floor of `file`. */
function report(title: string, file: string, routes: [string, string[], number?][]): void {
  const f = floor(file);
  const lines: (string | number)[][] = [[`floor: read ${(statSync(file).size / 1e6).toFixed(0)} MB, count newlines`, fmtMs(f.ms), 1, `${f.rss.toFixed(0)} MB`, '']];
  for (const [name, cliArgs, rowCount] of routes) {
    const r = timed([CLI, ...cliArgs, '--out', join(dataDir, 'routes-out.csv')]);
    lines.push([name, fmtMs(r.ms), r.ms / f.ms, `${r.rss.toFixed(0)} MB`, rowCount ? rows(rowCount, r.ms) : '']);
  }
  printTable(title, ['route (whole process)', 'median wall', 'x floor', 'peak memory', 'throughput'], lines);
}

async function ensure(file: string, make: (tmp: string) => Promise<unknown>): Promise<string> {
  if (!existsSync(file)) {
    await make(`${file}.tmp`);
    renameSync(`${file}.tmp`, file);
  }
  return file;
}

console.log(`read routes: node ${process.version}, ${new Date().toISOString()}, median of ${RUNS} runs`);

if (want('paths')) {
  const ca = ['--conversions-column', 'total_conversions', '--value-column', 'total_conversion_value', '--nulls-column', 'total_null'];
  for (const journeys of [1e6, 1e7]) {
    const file = await ensure(join(dataDir, `ca-paths-${journeys}.csv`), (tmp) => writePathSummaryCsv(generateJourneys(journeys, 12, 1), tmp));
    report(`Path summary in ChannelAttribution's format, ${journeys.toExponential(0)} journeys`, file, [
      ['attribute --models first,last,linear,position', ['attribute', file, ...ca, '--models', 'first,last,linear,position']],
      ['attribute --models markov (order 1)', ['attribute', file, ...ca, '--models', 'markov']],
      ['attribute --models markov --order 3', ['attribute', file, ...ca, '--models', 'markov', '--order', '3']],
      ['... first,last,linear,position --read-threads 2', ['attribute', file, ...ca, '--models', 'first,last,linear,position', '--read-threads', '2']],
    ]);
  }
}

if (want('touchpoints')) {
  const data = generateJourneys(500_000, 12, 3);
  for (const [label, seed] of [['sorted', undefined], ['shuffled', 5]] as const) {
    const file = await ensure(join(dataDir, `touchpoints-500k-${label}.csv`), (tmp) => writeTouchpointCsv(data, tmp, seed));
    report(`Touchpoint CSV, ${data.touches.toLocaleString('en-US')} rows of 500,000 journeys, ${label}, quoted names, ISO times`, file, [
      ['attribute --models first,last,linear,markov', ['attribute', file, '--models', 'first,last,linear,markov'], data.touches],
      ['... --read-threads 2', ['attribute', file, '--models', 'first,last,linear,markov', '--read-threads', '2'], data.touches],
    ]);
  }
}

if (want('big')) {
  const data = generateJourneys(1e7, 12, 1);
  const file = await ensure(join(dataDir, 'touchpoints-10000000.csv'), (tmp) => writeTouchpointCsv(data, tmp));
  report(`Touchpoint CSV, 10 M journeys, ${data.touches.toLocaleString('en-US')} rows`, file, [
    ['attribute (the default models: all 7)', ['attribute', file], data.touches],
    ['... --read-threads 2', ['attribute', file, '--read-threads', '2'], data.touches],
  ]);
}

if (want('arrow') || want('threads')) {
  // In-process steps run in a child of their own (bench/lib/route-child.ts) for peak memory.
  const child = (step: string, ...rest: string[]) => {
    const r = spawnSync(process.execPath, ['--import', RSS, '--import', 'tsx', join(import.meta.dirname, 'lib', 'route-child.ts'), step, ...rest], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) throw new Error(`child ${step} failed:\n${r.stderr}`);
    return { out: r.stdout.trim(), rss: Number(/__PEAK_RSS_MB__=([\d.]+)/.exec(r.stderr)?.[1] ?? NaN) };
  };
  if (want('arrow')) {
    const r = child('arrow-shuffled', String(1e7), String(RUNS));
    console.log(`\nJourney building from Arrow touchpoints (10 M journeys): ${r.out}; peak ${r.rss.toFixed(0)} MB`);
  }
  if (want('threads')) {
    const r = child('threads', String(1e7), String(RUNS));
    console.log(`\nMarkov order 1 at 10 M journeys: ${r.out}; peak ${r.rss.toFixed(0)} MB`);
  }
}
