// Preloaded with `node --import` into a benchmarked child process: prints its
// peak resident set size on exit, so the parent can report peak memory.
process.on('exit', () => {
  process.stderr.write(`\n__PEAK_RSS_MB__=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}\n`);
});
