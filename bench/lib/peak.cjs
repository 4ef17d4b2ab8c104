// Preloaded into a measured process (`node --require ./bench/lib/peak.cjs dist/cli.js ...`): at exit, writes the
// process's own resource usage (peak resident set, CPU) to the file named by $BENCH_PEAK_FILE, as /usr/bin/time -v
// would report it, without depending on that tool. CommonJS and --require: a module preloaded with --import starts
// Node's ESM loader, which the CLI (a CommonJS bundle) does not use, and adds about 8 MB to the peak it measures.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose (see above)
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_PEAK_FILE;
if (file) {
  process.on('exit', (code) => {
    const u = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ maxRssKb: u.maxRSS, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000, exitCode: code }),
    );
  });
}
