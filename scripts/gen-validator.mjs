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
  const expected = new Set(['', ...prefixes].flatMap((p) => [...plain, ...withIfExists.flatMap((b) => [b, `${b}IfExists`])].map((b) => p + b)));
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
  let code = standaloneCode(ajv, validate);
  if (/new Function|\beval\s*\(|\brequire\s*\(/.test(code)) {
    throw new Error('gen-validator: the standalone code needs run-time compilation or a require()');
  }
  code =
    '// Generated by scripts/gen-validator.mjs from schemas/iam-policy.schema.json. Do not edit.\n' +
    `${code}\nexport const knownKeys = ${JSON.stringify(knownKeys(schema))};\n`;
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
