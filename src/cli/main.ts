import { run } from './run.js';

// The only place that touches the real process: everything else is testable.
run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pathcredit: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
