import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig([
  {
    // Each worker is its own file so worker threads can load it next to index.js / index.cjs.
    entry: { index: 'src/index.ts', 'count-worker': 'src/parallel/count-worker.ts', 'bootstrap-worker': 'src/parallel/bootstrap-worker.ts' },
    format: ['esm', 'cjs'],
    dts: { entry: { index: 'src/index.ts' }, compilerOptions: { ignoreDeprecations: '6.0' } },
    // import.meta.url in the CommonJS build (to find the worker file).
    shims: true,
    // No shared chunk: the worker bundle then holds only the counting code and
    // starts fast, without loading apache-arrow.
    splitting: false,
    sourcemap: true,
    clean: true,
    target: 'node20',
  },
  {
    // The CLI is its own bundle so its dependencies (commander, cli-progress)
    // stay out of the library's import path.
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    define: { __PATHCREDIT_VERSION__: JSON.stringify(version) },
  },
]);
