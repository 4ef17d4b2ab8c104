// Compiles schemas/iam-policy.schema.json into src/core/schema/generated/validate.js (ESM) + validate.d.ts
// with ajv's standalone mode, at build time: the core then runs no `new Function` (web hosts forbid it) and
// pays no compile cost at activation. Skips the work when the output is newer than its inputs.
// Run directly (`node scripts/gen-validator.mjs`, `--force` to regenerate) or imported by scripts/build.mjs.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaFile = path.join(root, 'schemas/iam-policy.schema.json');
const outDir = path.join(root, 'src/core/schema/generated');
const outJs = path.join(outDir, 'validate.js');
const outDts = path.join(outDir, 'validate.d.ts');

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** Writes via a temporary file and a rename, so a concurrent reader never sees half a file. */
function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** The schema without annotations: they do not change what is valid, and ajv would embed them in the code. */
function withoutAnnotations(node) {
  if (Array.isArray(node)) return node.map(withoutAnnotations);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    // `properties` maps names to schemas: a property may be called anything, even `examples`.
    if (ANNOTATIONS.has(key) && typeof value !== 'object') continue;
    if (key === 'examples') continue;
    out[key] = withoutAnnotations(value);
  }
  return out;
}
const ANNOTATIONS = new Set(['markdownDescription', 'description', 'title', '$comment']);

/**
 * `properties` listing many names that share one schema, with `additionalProperties: false` (the 159 condition
 * operators: listed for the editor's completion and hover), is rewritten into the equivalent
 * `propertyNames: {enum}` + `additionalProperties: <schema>`. ajv would otherwise emit one block of code per name
 * and probe every name on every object; now it walks the keys actually present.
 */
function compactSharedProperties(node) {
  if (Array.isArray(node)) return node.map(compactSharedProperties);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = compactSharedProperties(value);
  const props = out.properties && typeof out.properties === 'object' ? Object.values(out.properties) : [];
  const shared = props.length > 16 && props.every((p) => JSON.stringify(p) === JSON.stringify(props[0]));
  // Properties that all have the schema of `additionalProperties` (the well-known condition keys, listed for the
  // editor) add nothing to validation: every other key gets that same schema.
  const additional = out.additionalProperties;
  if (
    props.length > 0 &&
    additional &&
    typeof additional === 'object' &&
    props.every((p) => JSON.stringify(p) === JSON.stringify(additional))
  ) {
    delete out.properties;
    return out;
  }
  if (shared && out.additionalProperties === false && out.propertyNames === undefined) {
    const names = Object.keys(out.properties);
    const pattern = operatorPattern(names);
    out.propertyNames = pattern ? { pattern } : { enum: names };
    out.additionalProperties = props[0];
    delete out.properties;
  }
  return out;
}

/**
 * The condition operator names as one regular expression, factored the way IAM builds them (an optional set
 * prefix, a base operator, an optional IfExists): a fraction of the bytes of a 159-name enum, and one test
 * instead of 159 comparisons. Undefined unless the names are exactly that product.
 */
function operatorPattern(names) {
  const prefixes = ['ForAllValues:', 'ForAnyValue:'];
  if (!names.every((n) => /^[A-Za-z:]+$/.test(n))) return undefined;
  const bodies = names.filter((n) => !prefixes.some((p) => n.startsWith(p)));
  const bases = bodies.filter((n) => !n.endsWith('IfExists'));
  const withIfExists = bases.filter((b) => bodies.includes(`${b}IfExists`));
  const plain = bases.filter((b) => !withIfExists.includes(b));
  const expected = new Set(
    ['', ...prefixes].flatMap((p) => [...plain, ...withIfExists.flatMap((b) => [b, `${b}IfExists`])].map((b) => p + b)),
  );
  if (expected.size !== names.length || !names.every((n) => expected.has(n))) return undefined;
  const alternatives = [`(?:${withIfExists.join('|')})(?:IfExists)?`, ...plain].join('|');
  return `^(?:${prefixes.join('|')})?(?:${alternatives})$`;
}

/** Known keys per object of the grammar, read from the schema, for the wrapper's "did you mean". */
function knownKeys(schema) {
  const rules = schema.definitions.statement.properties;
  return {
    policy: Object.keys(schema.properties),
    statement: Object.keys(rules),
    principal: Object.keys(schema.definitions.principal.properties),
    operator: Object.keys(rules.Condition.properties),
  };
}

/**
 * `knownKeys` as JavaScript source. The 159 operator names are written as the expression that builds them (set
 * prefix x base x IfExists, in the list's own order): 1 KB instead of 5.5 KB in every bundle. The expression is
 * evaluated here and must give exactly the list, or the plain list is written.
 */
function knownKeysSource(keys) {
  const { operator, ...rest } = keys;
  const prefixes = ['', 'ForAllValues:', 'ForAnyValue:'];
  const bodies = operator.filter((n) => !n.includes(':'));
  const bases = bodies.filter((n) => !n.endsWith('IfExists'));
  const withIfExists = bases.filter((b) => bodies.includes(`${b}IfExists`));
  const plain = bases.filter((b) => !withIfExists.includes(b));
  const expr =
    `${JSON.stringify(prefixes)}.flatMap((p) => [...${JSON.stringify(withIfExists)}.flatMap((b) => [b, b + "IfExists"]), ` +
    `...${JSON.stringify(plain)}].map((b) => p + b))`;
  const built = new Function(`return ${expr};`)();
  const operatorSource = JSON.stringify(built) === JSON.stringify(operator) ? expr : JSON.stringify(operator);
  return `{...${JSON.stringify(rest)}, operator: ${operatorSource}}`;
}

/** The end (exclusive) of the JSON object literal that starts at `start` in `code`. */
function objectLiteralEnd(code, start) {
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    const c = code[i];
    if (c === '"') {
      for (i++; code[i] !== '"'; i++) if (code[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
  }
  throw new Error('gen-validator: unbalanced schema literal');
}

/**
 * Smaller standalone code, same behaviour:
 * - ajv embeds whole schema objects (the root schema: 3 KB, the operator regex once more) only to put a value
 *   such as `schema6.properties.Version.enum` into an error's params: the value is written in place, and a
 *   schema object nothing refers to any more is dropped;
 * - a pattern's text in an error's params is read from its RegExp;
 * - the `$data` context (parentData, rootData) is not passed between the functions;
 * - `const errN = {...};if(vErrors === null){vErrors = [errN];}else {vErrors.push(errN);}errors++;`, written
 *   once per error site, becomes `(vErrors ??= []).push({...});errors++;` (vErrors is null or an array), the
 *   object built by one small function.
 */
function slimStandalone(code) {
  const schemas = new Map();
  for (const m of code.matchAll(/const (schema\d+) = \{/g)) {
    const start = m.index + m[0].length - 1;
    const end = objectLiteralEnd(code, start);
    schemas.set(m[1], { decl: code.slice(m.index, end + 1), value: JSON.parse(code.slice(start, end)) });
  }
  // An object (a `properties` map that hasOwnProperty probes on every key) stays one constant, hoisted.
  const hoisted = [];
  const probes = [...code.matchAll(/\bschema\d+(?:\.[A-Za-z_$][\w$]*)+/g)].filter((m) => !code.startsWith('func2.call(', m.index - 11));
  const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const misused = probes.find((m) => isMap(resolve(m[0])));
  if (misused) throw new Error(`gen-validator: a schema object is used other than as a hasOwnProperty map: ${misused[0]}`);
  function resolve(ref) {
    const [name, ...path] = ref.split('.');
    let value = schemas.get(name)?.value;
    for (const key of path) value = value?.[key];
    return value;
  }
  code = code.replace(/\b(schema\d+)(?:\.[A-Za-z_$][\w$]*)+/g, (whole, name) => {
    const value = resolve(whole);
    if (value === undefined) return whole;
    if (!isMap(value)) return JSON.stringify(value);
    // Only its keys are asked for (`func2.call(map, key)`, i.e. hasOwnProperty): the subschemas are dead weight.
    const keysOnly = Object.fromEntries(Object.keys(value).map((k) => [k, 1]));
    hoisted.push(`const ${name}_${hoisted.length} = ${JSON.stringify(keysOnly)};`);
    return `${name}_${hoisted.length - 1}`;
  });
  for (const [name, { decl }] of schemas) {
    const rest = code.replace(decl, '');
    if (!new RegExp(`\\b${name}\\b`).test(rest)) code = rest;
  }
  code = code.replace(/^"use strict";/, (strict) => strict + hoisted.join(''));
  // An error's `params.pattern` repeats the pattern's source text (the operator pattern is 480 bytes): read it back
  // from the compiled RegExp instead, where that gives the very same string.
  for (const m of code.matchAll(/const (pattern\d+) = new RegExp\(("(?:[^"\\]|\\.)*"), "u"\);/g)) {
    const source = JSON.parse(m[2]);
    if (new RegExp(source, 'u').source !== source) continue;
    code = code.split(`params:{pattern: ${m[2]}}`).join(`params:{pattern: ${m[1]}.source}`);
  }
  // parentData, parentDataProperty and rootData only serve `$data` references, which the schema has none of.
  code = code
    .replace(/,parentData:[\w$]+,parentDataProperty:(?:[\w$]+|"[^"]*"),rootData\}/g, '}')
    .replaceAll('{instancePath="", parentData, parentDataProperty, rootData=data}={}', '{instancePath=""}={}');
  if (/parentData|rootData/.test(code)) throw new Error('gen-validator: the validator uses parentData/rootData');
  code = code.replace(
    /const (err\d+) = (\{.*?\});if\(vErrors === null\)\{vErrors = \[\1\];\}else \{vErrors\.push\(\1\);\}errors\+\+;/g,
    (_, _name, error) => `(vErrors ??= []).push(${error});errors++;`,
  );
  // The four-field error objects (all but the propertyNames ones) come from one function: the field names once.
  code = code.replace(
    /\(vErrors \?\?= \[\]\)\.push\(\{instancePath(?::([^,{}]+))?,schemaPath:("[^"]*"),keyword:("[^"]*"),params:(\{[^{}]*\})\}\);/g,
    (_, at, schemaPath, keyword, params) => `(vErrors ??= []).push(ajvError(${at ?? 'instancePath'},${schemaPath},${keyword},${params}));`,
  );
  // `vErrors.concat(validateN.errors)` after each failing sub-validator copies every error so far: a Condition of
  // k unknown operators with bad blocks cost k x k. Append in place instead (vErrors is already pushed to in place).
  const concat = /vErrors\.concat\((validate\d+)\.errors\)/g;
  if (!concat.test(code)) throw new Error('gen-validator: ajv no longer merges errors with concat; check appendErrors');
  code = code.replace(concat, (_, fn) => `appendErrors(vErrors, ${fn}.errors)`);
  return code.replace(
    /^"use strict";/,
    (strict) =>
      `${strict}function ajvError(instancePath, schemaPath, keyword, params) {return {instancePath, schemaPath, keyword, params};}` +
      'function appendErrors(to, from) {for (const e of from) to.push(e);return to;}',
  );
}

export function generateValidator({ force = false } = {}) {
  const newestInput = Math.max(mtime(schemaFile), mtime(fileURLToPath(import.meta.url)));
  if (!force && Math.min(mtime(outJs), mtime(outDts)) > newestInput) return false;

  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  const ajv = new Ajv({
    allErrors: true, // the wrapper reports every problem in one pass, and collapses cascades itself
    allowUnionTypes: true,
    strict: true,
    // The Action/NotAction and Resource/Principal rules are `required` inside allOf/anyOf/not: ajv checks
    // those before it has seen the statement's `properties`, and would wrongly call them undefined.
    strictRequired: false,
    messages: false, // the wrapper writes IAM messages; ajv's English would only add bytes
    inlineRefs: false, // one function per shared definition (action, principal, condition block): smaller than inlined copies
    code: { source: true, esm: true, optimize: true },
  });
  ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' }); // an annotation VS Code reads
  ajv.validateSchema(schema, true); // the full schema, annotations included, must be a valid draft-07 schema
  const validate = ajv.compile(compactSharedProperties(withoutAnnotations(schema)));
  let code = slimStandalone(standaloneCode(ajv, validate));
  if (/new Function|\beval\s*\(|\brequire\s*\(/.test(code)) {
    throw new Error('gen-validator: the standalone code needs run-time compilation or a require()');
  }
  code =
    '// Generated by scripts/gen-validator.mjs from schemas/iam-policy.schema.json. Do not edit.\n' +
    `${code}\nexport const knownKeys = ${knownKeysSource(knownKeys(schema))};\n`;
  const dts = `// Generated by scripts/gen-validator.mjs. Do not edit.
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  /** Set on errors of a \`propertyNames\` subschema: the offending property name. */
  propertyName?: string;
}
export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}
export declare const validate: ValidateFunction;
export default validate;
export declare const knownKeys: {
  policy: string[];
  statement: string[];
  principal: string[];
  operator: string[];
};
`;
  mkdirSync(outDir, { recursive: true });
  writeAtomic(outDts, dts);
  writeAtomic(outJs, code);
  return true;
}

const wrote = generateValidator({ force: process.argv.includes('--force') && isMain() });
if (wrote) console.log(`[gen-validator] wrote ${path.relative(root, outJs)} (${statSync(outJs).size} bytes)`);

function isMain() {
  return Boolean(process.argv[1]) && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
}
