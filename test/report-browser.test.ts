import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attribute, fromPathRows, readCsv } from '../src/index.js';
import { renderReport } from '../src/report/index.js';
import { launchChromium } from './helpers/chromium.js';

// A real browser opens the report. Debian's chromium-headless-shell is driven
// by playwright-core (nothing is downloaded). Where the browser cannot start,
// CI (CI=true) fails; elsewhere the tests are skipped with a visible notice.

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'test-output');
const exampleRel = 'fixtures/examples/touchpoints.csv';
const reportRel = 'test-output/report-example.html';
const HOSTILE = ['<script>window.__pwned = 1</script>', '"><img src=x onerror="window.__pwned=2">', "'><svg onload=window.__pwned=3>"];

const launched = await launchChromium();
const inCi = process.env.CI === 'true';
if ('error' in launched && !inCi) {
  process.stderr.write(`\nSKIPPED browser tests of the HTML report: ${launched.error}\n\n`);
}

/** A page with console errors and requests recorded. */
async function open(browser: Browser, file: string, options: { width?: number; height?: number; javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1100, height: options.height ?? 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  // Anything other than the document itself would be a network request.
  const external = () => requests.filter((r) => r !== url);
  return { page, errors, external, close: () => context.close() };
}

/** The `data-sort` values of one column of a table body, in row order. */
function column(page: Page, table: string, index: number): Promise<string[]> {
  return page.$$eval(`#${table} tbody tr`, (rows, i) => rows.map((r) => (r as unknown as { cells: ArrayLike<{ getAttribute(name: string): string | null }> }).cells[i].getAttribute('data-sort') ?? ''), index);
}

it.skipIf('error' in launched && !inCi)('headless Chromium starts (required in CI; .ci/run installs chromium-headless-shell)', () => {
  if ('error' in launched) throw new Error(`headless Chromium must start in CI: ${launched.error}`);
  expect(launched.browser.version()).toMatch(/^\d+\./);
});

describe.skipIf('error' in launched)('the report in headless Chromium', () => {
  let browser: Browser;
  let channels: readonly string[];
  let models: readonly string[];
  const reportFile = join(root, reportRel);

  beforeAll(async () => {
    if ('error' in launched) return;
    browser = launched.browser;
    mkdirSync(outDir, { recursive: true });
    // The README's command, on the built CLI.
    execFileSync(process.execPath, ['dist/cli/main.js', 'report', exampleRel, '-o', reportRel, '--no-timestamp'], { cwd: root, stdio: 'pipe' });
    const result = attribute(await readCsv(join(root, exampleRel)));
    channels = result.table.channels;
    models = result.table.models;
  });

  afterAll(async () => {
    if (browser) await browser.close();
  });

  it('opens with no console errors and no network requests, and saves a screenshot', async () => {
    const { page, errors, external, close } = await open(browser, reportFile);
    expect(errors).toEqual([]);
    expect(external()).toEqual([]);
    const shot = join(outDir, 'report-example.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1100);
    await close();
  });

  it('draws one bar per channel and model, and one heatmap cell per transition pair', async () => {
    const { page, close } = await open(browser, reportFile);
    const count = (selector: string) => page.locator(selector).count();
    const C = channels.length;
    expect(await count('#model-conversions rect.bar')).toBe(C * models.length);
    expect(await count('#model-value rect.bar')).toBe(C * models.length);
    expect(await count('#removal-effects rect.bar')).toBe(C * 2);
    expect(await count('#transition-heatmap rect.cell')).toBe((C + 1) * (C + 2));
    expect(await count('#path-lengths g.bin')).toBeGreaterThan(0);
    // Bars are drawn with real size: the widest conversions bar spans most of the plot.
    const widths = await page.$$eval('#model-conversions rect.bar', (rects) => rects.map((r) => r.getBoundingClientRect().width));
    expect(Math.max(...widths)).toBeGreaterThan(200);
    await close();
  });

  it('shows every channel name as text in the charts and the tables', async () => {
    const { page, close } = await open(browser, reportFile);
    const tableNames = await page.$$eval('#credits-table tbody th', (ths) => ths.map((th) => th.textContent!.trim()));
    expect(new Set(tableNames)).toEqual(new Set(channels));
    const groupNames = await page.$$eval('#model-conversions text.group', (ts) => ts.map((t) => t.childNodes[0].textContent!.trim()));
    expect(new Set(groupNames)).toEqual(new Set(channels));
    const rowLabels = await page.$$eval('#transition-heatmap text.row-label', (ts) => ts.map((t) => t.childNodes[0].textContent!.trim()));
    expect(rowLabels).toEqual(['(start)', ...groupNames]);
    await close();
  });

  it('sorts the credits table by a model column and by channel name', async () => {
    const { page, errors, close } = await open(browser, reportFile);
    const col = 1 + models.indexOf('markov');
    const header = page.locator('#credits-table thead tr:last-child th').nth(col);
    await header.locator('button.sort').click();
    const desc = (await column(page, 'credits-table', col)).map(Number);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await header.locator('button.sort').click();
    const asc = (await column(page, 'credits-table', col)).map(Number);
    expect(asc).toEqual([...desc].reverse());
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const byName = page.locator('#credits-table thead tr:last-child th').first();
    await byName.locator('button.sort').click();
    expect(await column(page, 'credits-table', 0)).toEqual([...channels].sort());
    expect(await header.getAttribute('aria-sort')).toBe('none');
    // The totals row stays at the bottom.
    expect(await page.locator('#credits-table tfoot th').first().textContent()).toBe('Total');
    expect(errors).toEqual([]);
    await close();
  });

  it('reads without JavaScript: the same charts and tables, no sort buttons', async () => {
    const { page, close } = await open(browser, reportFile, { javaScriptEnabled: false });
    expect(await page.locator('#model-conversions rect.bar').count()).toBe(channels.length * models.length);
    expect(await page.locator('#credits-table tbody tr').count()).toBe(channels.length);
    expect(await page.locator('button.sort').count()).toBe(0);
    await close();
  });

  it('fits a phone screen without sideways page scrolling', async () => {
    const { page, errors, close } = await open(browser, reportFile, { width: 390, height: 844 });
    const widths = await page.evaluate(() => {
      const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
      return { doc: g.document.documentElement.scrollWidth, view: g.innerWidth };
    });
    expect(widths.doc).toBeLessThanOrEqual(widths.view);
    await page.screenshot({ path: join(outDir, 'report-example-phone.png'), fullPage: false });
    expect(errors).toEqual([]);
    await close();
  });

  it('prints: the print stylesheet hides navigation and the page renders to PDF', async () => {
    const { page, close } = await open(browser, reportFile);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(join(outDir, 'report-example.pdf'), pdf);
    await close();
  });

  it('prints every table within the page width (A4 at 96 dpi, about 700 px), even with every model and intervals', async () => {
    const wide = join(outDir, 'report-wide.html');
    execFileSync(process.execPath, ['dist/cli/main.js', 'report', exampleRel, '-o', wide, '--no-timestamp', '--models', 'all', '--intervals', '--replicates', '20'], { cwd: root, stdio: 'pipe' });
    for (const file of [reportFile, wide]) {
      const { page, close } = await open(browser, file, { width: 700, height: 1000 });
      await page.emulateMedia({ media: 'print' });
      const overflowing = await page.evaluate(() => {
        const g = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ id: string; scrollWidth: number; closest(s: string): { clientWidth: number } }> } };
        return Array.from(g.document.querySelectorAll('table.data'))
          .filter((t) => t.scrollWidth > t.closest('main').clientWidth + 1)
          .map((t) => `${t.id}: ${t.scrollWidth} px`);
      });
      expect(overflowing).toEqual([]);
      await close();
    }
  });

  it('renders hostile channel names and file names as text and runs none of them', async () => {
    const store = fromPathRows([
      { path: `${HOSTILE[0]} > ${HOSTILE[1]}`, conversions: 2, value: 10, nulls: 1 },
      { path: `${HOSTILE[1]} > ${HOSTILE[2]}`, conversions: 1, value: 5, nulls: 2 },
      { path: 'Email', conversions: 1, nulls: 3 },
    ]);
    const file = join(outDir, 'report-hostile.html');
    writeFileSync(file, renderReport(attribute(store), { store, input: { file: `${HOSTILE[1]}.csv` }, title: HOSTILE[2] }));
    const { page, errors, external, close } = await open(browser, file);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('body svg[onload]').count()).toBe(0);
    const names = await page.$$eval('#credits-table tbody th', (ths) => ths.map((th) => th.textContent!.trim()));
    expect(new Set(names)).toEqual(new Set([...HOSTILE, 'Email']));
    expect(await page.locator('h1').textContent()).toBe(HOSTILE[2]);
    expect(errors).toEqual([]);
    expect(external()).toEqual([]);
    await close();
  });
});
