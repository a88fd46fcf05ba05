import { PassThrough, Readable } from 'node:stream';
import { run } from '../../src/cli/run.js';

/** Runs `run()` in-process with captured streams. */
export async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await run(args, { stdout, stderr, stdin: Readable.from([]) });
  return { code, stdout: out, stderr: err };
}
