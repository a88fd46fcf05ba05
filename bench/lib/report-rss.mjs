// Preloaded with `node --import` into a benchmarked child process: prints its
// peak resident set size on exit, so the parent can report peak memory.
// VmHWM (from /proc) belongs to this program alone; getrusage's maxRSS would
// also count the parent's memory at fork time, which survives exec on Linux.
import { readFileSync } from 'node:fs';

process.on('exit', () => {
  let mb = process.resourceUsage().maxRSS / 1024;
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) mb = Number(kb) / 1024;
  } catch {
    // no /proc (not Linux): fall back to maxRSS
  }
  process.stderr.write(`\n__PEAK_RSS_MB__=${mb.toFixed(1)}\n`);
});
