import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

/**
 * The report entry imports the core through src/index.ts; in the build that
 * import points at the built core entry instead of bundling a second copy
 * (one PathCreditError class, one TransitionCounter for both entry points).
 */
const coreEntry = resolve('src/index.ts');
const coreAsExternal: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'core-as-external',
  setup(build) {
    const builtCore = build.initialOptions.format === 'cjs' ? './index.cjs' : './index.js';
    build.onResolve({ filter: /index\.js$/ }, (args) =>
      resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts') === coreEntry ? { path: builtCore, external: true } : undefined,
    );
  },
};

export default defineConfig([
  {
    // The workers are files of their own so worker threads can load them next to index.js / index.cjs.
    entry: { index: 'src/index.ts', worker: 'src/parallel/worker.ts', 'parquet-worker': 'src/io/parquet/decode-worker.ts' },
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
    entry: { main: 'src/cli/main.ts' },
    outDir: 'dist/cli',
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    define: { __PATHCREDIT_VERSION__: JSON.stringify(version) },
  },
  {
    // `pathcredit/report`: its own entry so d3-scale and d3-format stay off
    // the core import path.
    entry: { report: 'src/report/index.ts' },
    format: ['esm', 'cjs'],
    dts: { entry: { report: 'src/report/index.ts' }, compilerOptions: { ignoreDeprecations: '6.0' } },
    sourcemap: true,
    target: 'node20',
    define: { __PATHCREDIT_VERSION__: JSON.stringify(version) },
    esbuildPlugins: [coreAsExternal],
  },
]);
