import { run } from './run.js';

// The only place that touches the real process: everything else is testable.
// A reader that stops early (`pathcredit ... | head`) closes the pipe: that is
// a normal end, not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pathcredit: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
