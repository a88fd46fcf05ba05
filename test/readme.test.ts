import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('the usage example runs against the built package and prints credits', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const code = /```js\n([\s\S]*?)```/.exec(readme)![1];
    expect(code.split('\n').filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(12);
    const dist = pathToFileURL(join(root, 'dist/index.js')).href;
    const file = join(mkdtempSync(join(tmpdir(), 'pathcredit-readme-')), 'example.mjs');
    writeFileSync(file, code.replace("from 'pathcredit'", `from '${dist}'`));
    const out = execFileSync(process.execPath, [file], { encoding: 'utf8' });
    expect(out).toMatch(/linear_conversions/);
    expect(out).toMatch(/Float64Array\(3\)/);
  });

  it('the CommonJS build loads with require()', () => {
    const out = execFileSync(process.execPath, ['-e', `const p = require(${JSON.stringify(join(root, 'dist/index.cjs'))}); console.log(typeof p.attribute, typeof p.markov)`], {
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('function function');
  });
});
