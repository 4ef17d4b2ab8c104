// The CLI's floor, as a whole process: read every .json file under a directory and JSON.parse it, nothing else.
// Usage: node bench/read-parse.mjs <dir>
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

let files = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.json')) {
      JSON.parse(readFileSync(full, 'utf8'));
      files++;
    }
  }
}
walk(process.argv[2]);
process.stdout.write(JSON.stringify({ files }) + '\n');
