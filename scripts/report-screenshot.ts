/**
 * Makes the README's screenshot of the bundled example's report:
 *
 *   npm run report:screenshot
 *
 * runs `pathcredit report fixtures/examples/touchpoints.csv -o test-output/report-example.html
 * --no-timestamp` with the built CLI, opens the page in Debian's headless Chromium and saves
 * the top of it as docs/images/report-example.png.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from '../test/helpers/chromium.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const html = 'test-output/report-example.html';
const png = 'docs/images/report-example.png';
mkdirSync(join(root, 'test-output'), { recursive: true });
execFileSync(process.execPath, ['dist/cli/main.js', 'report', 'fixtures/examples/touchpoints.csv', '-o', html, '--no-timestamp'], { cwd: root, stdio: 'inherit' });
const launched = await launchChromium();
if ('error' in launched) throw new Error(launched.error);
const page = await launched.browser.newPage({ viewport: { width: 1000, height: 1500 } });
await page.goto(pathToFileURL(join(root, html)).href, { waitUntil: 'load' });
await page.screenshot({ path: join(root, png) });
await launched.browser.close();
console.log(`wrote ${png} (${(statSync(join(root, png)).size / 1024).toFixed(0)} KiB)`);
