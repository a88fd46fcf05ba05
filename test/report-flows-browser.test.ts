import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/chromium.js';

// The journey flow section in a real browser (Debian's chromium-headless-shell driven by
// playwright-core): the segment selector works without JavaScript, and print shows every panel.
// Where the browser cannot start, CI (CI=true) fails; elsewhere the tests are skipped with a notice.

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'test-output');
const reportFile = join(outDir, 'report-segments.html');

const launched = await launchChromium();
const inCi = process.env.CI === 'true';
if ('error' in launched && !inCi) process.stderr.write(`\nSKIPPED browser tests of the journey flow section: ${launched.error}\n\n`);

it.skipIf('error' in launched && !inCi)('headless Chromium starts for the flow section (required in CI)', () => {
  if ('error' in launched) throw new Error(`headless Chromium must start in CI: ${launched.error}`);
  expect(launched.browser.version()).toMatch(/^\d+\./);
});

describe.skipIf('error' in launched)('the journey flow selector in headless Chromium', () => {
  let browser: Browser;

  beforeAll(() => {
    if ('error' in launched) return;
    browser = launched.browser;
    mkdirSync(outDir, { recursive: true });
    execFileSync(process.execPath, ['dist/cli/main.js', 'report', 'fixtures/examples/segments.csv', '--segment-column', 'device', '-o', reportFile, '--no-timestamp'], { cwd: root, stdio: 'pipe' });
  });

  afterAll(async () => {
    if (browser) await browser.close();
  });

  async function open(javaScriptEnabled: boolean) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, javaScriptEnabled });
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(reportFile).href;
    await page.goto(url, { waitUntil: 'load' });
    const visible = () => page.$$eval('.flow-panel', (els) => els.map((e) => (e as unknown as { checkVisibility(): boolean }).checkVisibility()));
    return { page, errors, external: () => requests.filter((r) => r !== url), visible, close: () => context.close() };
  }

  for (const js of [true, false]) {
    it(`shows all journeys first and one segment per choice ${js ? 'with' : 'without'} JavaScript`, async () => {
      const { page, errors, external, visible, close } = await open(js);
      expect(errors).toEqual([]);
      expect(external()).toEqual([]);
      expect(await visible()).toEqual([true, false, false, false]);
      await page.click('label[for="flow-tab-2"]');
      expect(await visible()).toEqual([false, false, true, false]);
      // Keyboard: the radio buttons move with the arrow keys.
      await page.focus('#flow-tab-2');
      await page.keyboard.press('ArrowRight');
      expect(await visible()).toEqual([false, false, false, true]);
      const bars = await page.$$eval('#flow-panel-3 svg rect[data-journeys]', (els) => els.length);
      expect(bars).toBeGreaterThan(5);
      await close();
    });
  }

  it('prints every panel as small multiples', async () => {
    const { page, visible, close } = await open(true);
    await page.emulateMedia({ media: 'print' });
    expect(await visible()).toEqual([true, true, true, true]);
    expect(await page.$eval('.flow-tab-labels', (e) => (e as unknown as { checkVisibility(): boolean }).checkVisibility())).toBe(false);
    await close();
  });
});
