import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
