import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (f: string) => join(root, 'dist', f);

/** Static import / require specifiers of a built file. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^import [^;]*? from |^import |require\()["']([^"']+)["']/gm)].map((m) => m[1]);
}

describe('pathcredit/report packaging', () => {
  it('keeps d3 and the report code out of the core bundle and the CLI start-up', () => {
    for (const f of ['index.js', 'index.cjs', 'cli/main.js']) {
      const text = readFileSync(dist(f), 'utf8');
      expect(specifiers(dist(f)).filter((s) => s.startsWith('d3-')), f).toEqual([]);
      expect(text, f).not.toContain('d3-scale');
    }
    expect(readFileSync(dist('index.js'), 'utf8')).not.toContain('renderReport');
    // The CLI reaches the report (and d3) only through a dynamic import.
    expect(readFileSync(dist('cli/main.js'), 'utf8')).toMatch(/await import\("\.\.?\/report-[\w-]+\.js"\)/);
  });

  it('builds the report entry on top of the core entry instead of bundling a copy of it', () => {
    expect(specifiers(dist('report.js'))).toEqual(expect.arrayContaining(['./index.js', 'd3-scale', 'd3-format']));
    expect(specifiers(dist('report.cjs'))).toEqual(expect.arrayContaining(['./index.cjs', 'd3-scale', 'd3-format']));
    expect(readFileSync(dist('report.js'), 'utf8')).not.toContain('class PathCreditError');
  });

  it('loads as pathcredit/report from ESM and CommonJS, sharing the core error class', () => {
    const esm = `import { readCsv, attribute, PathCreditError } from 'pathcredit';
import { renderReport } from 'pathcredit/report';
const store = await readCsv('fixtures/examples/touchpoints.csv');
const page = renderReport(attribute(store), { store });
let shared = false;
try { renderReport(attribute(store), { store, topFlows: -1 }); } catch (e) { shared = e instanceof PathCreditError; }
console.log(page.startsWith('<!doctype html>'), shared);`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', esm], { cwd: root, encoding: 'utf8' }).trim()).toBe('true true');
    const cjs = `const { renderReport } = require('pathcredit/report'); const p = require('pathcredit');
p.readCsv('fixtures/examples/touchpoints.csv').then((s) => {
  let shared = false;
  try { renderReport(p.attribute(s), { store: s, topPaths: 1.5 }); } catch (e) { shared = e instanceof p.PathCreditError; }
  console.log(renderReport(p.attribute(s), { store: s }).includes('Markov chain'), shared);
});`;
    expect(execFileSync(process.execPath, ['-e', cjs], { cwd: root, encoding: 'utf8' }).trim()).toBe('true true');
  });
});
