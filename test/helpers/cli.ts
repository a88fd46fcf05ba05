// Shared by the CLI tests: run the built CLI as a subprocess or run() in-process, and parse CSV
// output independently of the library's reader.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { run } from '../../src/cli/run.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const cliPath = join(root, 'dist/cli/main.js');
export const example = join(root, 'fixtures/examples/touchpoints.csv');
export const peer = join(root, 'fixtures/peers/channelattribution_pathdata.csv.gz');
const exec = promisify(execFile);

/** Exit code and captured output of one CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a real subprocess (from the repository root unless `cwd` is given), with `input` on stdin. */
export async function cli(args: string[], input?: string, cwd = root): Promise<CliRun> {
  try {
    const child = exec(process.execPath, [cliPath, ...args], { cwd, maxBuffer: 64 << 20 });
    if (input !== undefined) {
      child.child.stdin!.end(input);
    }
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Runs `run()` in-process with captured streams; `stdoutIsTTY` makes stdout look like a terminal. */
export async function runInProcess(args: string[], stdoutIsTTY = false): Promise<CliRun> {
  const stdout = Object.assign(new PassThrough(), stdoutIsTTY ? { isTTY: true } : {});
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await run(args, { stdout, stderr, stdin: Readable.from([]) });
  return { code, stdout: out, stderr: err };
}

/** Minimal RFC 4180 parser for checking CLI output (independent of the library's reader). */
export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records;
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

