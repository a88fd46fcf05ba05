/**
 * CSV touchpoint reader benchmark: rows/s end to end (file -> PathStore) and
 * peak RSS, against fast-csv's parse rate on the same file as the baseline.
 *
 *   npx tsx bench/csv-read.ts            # 2 M and 10 M rows
 *   npx tsx bench/csv-read.ts 2000000    # one size
 *
 * Data is generated once, seeded, into bench/data/ (gitignored). Each
 * measurement runs in a fresh process so peak RSS belongs to it alone.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdirSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'fast-csv';
import { readCsvTouchpoints, type PathStore } from '../src/index.js';
import { rng } from './lib/generate.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const dataDir = `${here}data`;
const script = fileURLToPath(import.meta.url);

const CHANNELS = ['search', 'email', 'social', 'direct', 'display', '"display, retargeting"', 'affiliate', 'video', 'referral', 'push'];

async function generate(rows: number, file: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.tmp`;
  const out = createWriteStream(tmp);
  const rand = rng(42);
  const base = Date.UTC(2024, 2, 1);
  let text = 'journey_id,timestamp,channel,conversions,value\n';
  let written = 0;
  let journey = 0;
  while (written < rows) {
    journey++;
    const touches = 1 + Math.floor(rand() * 7);
    let t = base + Math.floor(rand() * 30 * 86_400) * 1000;
    for (let k = 0; k < touches && written < rows; k++, written++) {
      t += Math.floor(rand() * 86_400) * 1000;
      const last = k === touches - 1;
      const converts = last && rand() < 0.1;
      const channel = CHANNELS[Math.floor(rand() * CHANNELS.length)];
      const value = converts ? (Math.floor(rand() * 20000) / 100).toString() : '0';
      text += `u${journey},${new Date(t).toISOString().slice(0, 19)}Z,${channel},${converts ? 1 : 0},${value}\n`;
    }
    if (text.length > 1 << 20) {
      if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
      text = '';
    }
  }
  out.end(text);
  await new Promise<void>((r) => out.once('finish', () => r()));
  renameSync(tmp, file);
}

function storeBytes(s: PathStore): number {
  const arrays = [s.offsets, s.touches, s.times, s.conversionTimes, s.conversions, s.value, s.nulls, s.pathJourney, s.touchRows];
  return arrays.reduce((sum, a) => sum + (a ? a.byteLength : 0), 0);
}

async function measureOurs(file: string): Promise<void> {
  const t0 = performance.now();
  const store = await readCsvTouchpoints(file);
  const ms = performance.now() - t0;
  const rows = store.touches.length + (store.unattributed?.events ?? 0);
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ms, rows, paths: store.pathCount, storeMB: storeBytes(store) / 2 ** 20, peakRssMB: rss }));
}

/** The floor: stream the file and look at every byte once in JS (count fields and lines), nothing else. */
async function measureFloor(file: string): Promise<void> {
  const t0 = performance.now();
  let lines = 0;
  let fields = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const b = new Uint8Array((chunk as Buffer).buffer, (chunk as Buffer).byteOffset, (chunk as Buffer).length);
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      if (c === 44) fields++;
      else if (c === 10) lines++;
    }
  }
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, rows: lines - 1, fields }));
}

async function measureFastCsv(file: string): Promise<void> {
  const t0 = performance.now();
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    createReadStream(file)
      .pipe(parse({ headers: true }))
      .on('data', () => rows++)
      .on('error', reject)
      .on('end', () => resolve());
  });
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, rows, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
}

function child(phase: string, arg: string): Record<string, number> {
  const r = spawnSync(process.execPath, [...process.execArgv, script, `--${phase}`, arg], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${phase} failed: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return phase === 'gen' ? {} : JSON.parse(lines[lines.length - 1]);
}

async function main(): Promise<void> {
  const [flag, arg] = process.argv.slice(2);
  if (flag === '--gen') return generate(Number(arg.split(':')[0]), arg.split(':')[1]);
  if (flag === '--ours') return measureOurs(arg);
  if (flag === '--fastcsv') return measureFastCsv(arg);
  if (flag === '--floor') return measureFloor(arg);

  const sizes = flag ? [Number(flag)] : [2_000_000, 10_000_000];
  const table: string[] = [
    '| rows | file MB | pathcredit s | pathcredit rows/s | peak RSS MB | store MB | floor rows/s (one JS pass over the bytes) | fast-csv rows/s (parse only) | ratio to fast-csv |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const rows of sizes) {
    const file = `${dataDir}/csv-touchpoints-${rows}.csv`;
    if (!existsSync(file)) {
      console.error(`generating ${file} ...`);
      child('gen', `${rows}:${file}`);
    }
    const mb = statSync(file).size / 2 ** 20;
    // Best of three for the rate; peak RSS from the same runs.
    let best: Record<string, number> | null = null;
    for (let i = 0; i < 3; i++) {
      const r = child('ours', file);
      if (best === null || r.ms < best.ms) best = r;
    }
    const ours = best!;
    const oursRate = (ours.rows / ours.ms) * 1000;
    let floorBest = Infinity;
    for (let i = 0; i < 3; i++) floorBest = Math.min(floorBest, child('floor', file).ms);
    const floorRate = (rows / floorBest) * 1000;
    let base = '-';
    let ratio = '-';
    if (rows <= 2_000_000) {
      const f = child('fastcsv', file);
      const rate = (f.rows / f.ms) * 1000;
      base = `${(rate / 1e6).toFixed(2)} M`;
      ratio = `${(oursRate / rate).toFixed(1)}x`;
    }
    table.push(
      `| ${rows.toLocaleString('en')} | ${mb.toFixed(0)} | ${(ours.ms / 1000).toFixed(2)} | ${(oursRate / 1e6).toFixed(2)} M | ${ours.peakRssMB.toFixed(0)} | ${ours.storeMB.toFixed(0)} | ${(floorRate / 1e6).toFixed(2)} M | ${base} | ${ratio} |`,
    );
    console.error(table[table.length - 1]);
  }
  console.log(table.join('\n'));
}

await main();
