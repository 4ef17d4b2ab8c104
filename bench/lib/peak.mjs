// Preloaded into a measured process (`node --import ./bench/lib/peak.mjs dist/cli.js ...`): at exit, writes the
// process's own resource usage (peak resident set, CPU) to the file named by $BENCH_PEAK_FILE, as /usr/bin/time -v
// would report it, without depending on that tool.
import { writeFileSync } from 'node:fs';

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
