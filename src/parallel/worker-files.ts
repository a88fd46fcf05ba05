import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The built worker script `file` next to the calling module. When the module
 * runs from its TypeScript source (tests, benchmarks under tsx), the build's
 * copy in dist/ is used if it exists; null when there is none.
 *
 * @param file - the worker's file name in dist/, e.g. `count-worker.js`.
 * @param from - `import.meta.url` of the caller.
 */
export function builtWorkerUrl(file: string, from: string): URL | null {
  const candidates = [new URL(`./${file}`, from)];
  if (from.endsWith('.ts')) candidates.push(new URL(`../../dist/${file}`, from));
  return candidates.find((url) => existsSync(fileURLToPath(url))) ?? null;
}

/** A view of `a` backed by a SharedArrayBuffer (the array itself when it already is), to hand to workers without copying per worker. */
export function shareArray<T extends Int32Array | Uint32Array | Float64Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/**
 * Starts a worker on `url` with `workerData` and resolves with its one message
 * (then terminates it); rejects on an error or a non-zero exit. `execArgv: []`
 * so loaders of the parent (e.g. a TypeScript runner) are not loaded again.
 */
export function runWorker<T>(url: URL, workerData: unknown, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(url, { workerData, execArgv: [] });
    worker.once('message', (message: T) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${what} worker stopped with exit code ${code}`));
    });
  });
}
