/**
 * The HTML report at scale: seeded journeys over many channels (default 10 M
 * journeys, 40 channels), every model the data supports, then the report's
 * size and time to build, and the time headless Chromium takes to open it
 * (median of several opens, against a 1 KB page opened the same way in the
 * same run as the floor). Nothing here runs in the test suite.
 *
 *   npx tsx bench/report.ts              # 1e7 journeys, 40 channels
 *   npx tsx bench/report.ts 1e6 40
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tableToIPC } from 'apache-arrow';
import { attributeAsync, fromArrowPaths } from '../src/index.js';
import { renderReportData, reportData } from '../src/report/index.js';
import { launchChromium } from '../test/helpers/chromium.js';
import { generateJourneys } from './lib/generate.js';
import { median, printTable } from './lib/measure.js';
import { pathTable } from './lib/to-arrow.js';

const [journeysArg = '1e7', channelsArg = '40'] = process.argv.slice(2);
const journeys = Number(journeysArg);
const channelCount = Number(channelsArg);
const dataDir = join(import.meta.dirname, 'data');
mkdirSync(dataDir, { recursive: true });
const tag = `${journeys.toExponential(0)}-${channelCount}ch`;

console.log(`pathcredit report benchmark: node ${process.version}, ${new Date().toISOString()}`);
const data = generateJourneys(journeys, channelCount, 1);
const table = pathTable(data);
const store = fromArrowPaths(table);
console.log(`\n## ${journeys.toExponential(0)} journeys, ${data.touches.toLocaleString('en-US')} touches, ${store.channels.length} channels`);

const t0 = performance.now();
const result = await attributeAsync(store);
const attributeMs = performance.now() - t0;
const options = { store, input: { file: `paths-${tag}.arrow`, format: 'arrow', rowsRead: store.pathCount } };
const gather = median(() => reportData(result, options), 3);
const draw = median(() => renderReportData(gather.result), 3);
const html = draw.result;
const bytes = Buffer.byteLength(html);
const file = join(dataDir, `report-${tag}.html`);
writeFileSync(file, html);

printTable('Building the report (library, store in memory)', ['step', 'median ms', 'note'], [
  ['attributeAsync (all models, for reference)', Math.round(attributeMs), `${result.table.models.join(', ')}`],
  ['reportData: summary, top paths, order-1 transitions', Math.round(gather.ms), `${gather.result.summary.uniquePaths.toLocaleString('en-US')} distinct paths`],
  ['renderReportData: SVG and HTML', Math.round(draw.ms), ''],
  ['report size', `${(bytes / 1024 / 1024).toFixed(2)} MB`, `${bytes.toLocaleString('en-US')} bytes (target < 2 MB)`],
]);

// End to end through the CLI on an Arrow path file (fast to read, so the figure is mostly the work).
const arrowFile = join(dataDir, `paths-${tag}.arrow`);
writeFileSync(arrowFile, tableToIPC(table, 'file'));
const cliOut = join(dataDir, `report-cli-${tag}.html`);
const c0 = performance.now();
const cli = spawnSync(process.execPath, [join(import.meta.dirname, '../dist/cli/main.js'), 'report', arrowFile, '-o', cliOut, '--no-timestamp'], { encoding: 'utf8' });
const cliMs = performance.now() - c0;
if (cli.status !== 0) throw new Error(`CLI failed: ${cli.stderr}`);
console.log(`\nCLI end to end (read Arrow, all models, report): ${Math.round(cliMs)} ms; ${cli.stderr.trim().split('\n').at(-1)}`);

const launched = await launchChromium();
if ('error' in launched) {
  console.log(`\nbrowser not measured: ${launched.error}`);
} else {
  const floorFile = join(dataDir, 'report-floor.html');
  writeFileSync(floorFile, `<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head><body><p>${'x'.repeat(1000)}</p></body></html>`);
  const openOnce = async (target: string) => {
    const page = await launched.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const start = performance.now();
    await page.goto(pathToFileURL(target).href, { waitUntil: 'load' });
    const wall = performance.now() - start;
    const timing = await page.evaluate(() => {
      const g = globalThis as unknown as { performance: { getEntriesByType(t: string): { name: string; startTime: number; loadEventEnd?: number }[] } };
      const nav = g.performance.getEntriesByType('navigation')[0];
      const fcp = g.performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
      return { load: nav?.loadEventEnd ?? NaN, fcp: fcp?.startTime ?? NaN };
    });
    await page.close();
    return { wall, ...timing };
  };
  const runs = 7;
  const measure = async (target: string) => {
    await openOnce(target); // warm-up
    const all: { wall: number; load: number; fcp: number }[] = [];
    for (let i = 0; i < runs; i++) all.push(await openOnce(target));
    const mid = (k: 'wall' | 'load' | 'fcp') => all.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs / 2)];
    return { wall: mid('wall'), load: mid('load'), fcp: mid('fcp') };
  };
  const floor = await measure(floorFile);
  const report = await measure(file);
  printTable(`Opening in headless Chromium ${launched.browser.version()} (median of ${runs}, after a warm-up)`, ['page', 'size', 'goto..load ms', 'loadEventEnd ms', 'first paint ms', 'x floor (load)'], [
    ['floor: 1 KB page', '1 KB', Math.round(floor.wall), Math.round(floor.load), Number.isNaN(floor.fcp) ? '-' : Math.round(floor.fcp), '1.00'],
    [`report, ${journeys.toExponential(0)} journeys, ${store.channels.length} channels`, `${(bytes / 1024 / 1024).toFixed(2)} MB`, Math.round(report.wall), Math.round(report.load), Math.round(report.fcp), (report.load / floor.load).toFixed(2)],
  ]);
  await launched.browser.close();
}
