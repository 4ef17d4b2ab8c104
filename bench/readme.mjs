// `npm run bench:readme`: puts the latest results (bench/results/bench.json + bench.md) into the
// "## Latest run" section of bench/README.md, replacing only that section (up to the next "## "
// heading), or appending it when it does not exist yet. Nothing else in that file changes. (The
// project README keeps a short summary, written by hand, that links to bench/README.md.)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const TARGET = 'bench/README.md';
const result = JSON.parse(readFileSync('bench/results/bench.json', 'utf8'));
const tables = readFileSync('bench/results/bench.md', 'utf8').trim();
const met = result.targets.filter((t) => t.met === true);
const missed = result.targets.filter((t) => t.met === false);
const unmeasured = result.targets.filter((t) => t.met === undefined);
const list = (targets) =>
  targets.length
    ? targets.map((t) => `\`${t.name}\`${t.met && t.use > 0.9 ? ' (narrowly: noise between runs can flip it)' : ''}`).join('; ')
    : 'none';

const section = `## Latest run

${result.date.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(result.seconds)} s${result.cpuSeconds ? ` (${Math.round(result.cpuSeconds)} CPU-seconds)` : ''} on a machine shared with other jobs.

${tables}

Targets met: ${list(met)}.

Targets **not** met: ${list(missed)}.${missed.length ? ' Why each is missed, with profiles and what was tried: [ANALYSIS.md](ANALYSIS.md).' : ''}${unmeasured.length ? `\n\nNot measured in this run: ${list(unmeasured)}.` : ''}

`;

const readme = readFileSync(TARGET, 'utf8');
const start = readme.search(/^## Latest run\s*$/m);
let next;
if (start >= 0) {
  const rest = readme.slice(start + 1);
  const m = /^## /m.exec(rest);
  next = m ? start + 1 + m.index : readme.length;
}
const updated =
  start >= 0 && next < readme.length
    ? readme.slice(0, start) + section + readme.slice(next)
    : (start >= 0 ? readme.slice(0, start) : readme.replace(/\n*$/, '\n\n')) + section.trimEnd() + '\n';
writeFileSync(TARGET, updated);
console.log(
  `${TARGET}: "## Latest run" ${start >= 0 ? 'replaced' : 'appended'} (${met.length} met, ${missed.length} missed, ${unmeasured.length} not measured)`,
);
