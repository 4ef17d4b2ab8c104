/**
 * A Terraform file's module (LintOptions.module): Terraform reads every `*.tf` file of a folder as one
 * module, so a policy in main.tf is judged with the `variable` defaults and `locals` of variables.tf and
 * locals.tf, and with the resources of any of them that attach it (./roles.ts). The files that `file()`
 * and `templatefile()` name are linted as the policies there (./lint.ts). The host reads the files; the
 * core reads each module object once (a host passes the same object while the files are unchanged), and
 * no more of it than MODULE_LIMITS.
 */
import { MODULE_LIMITS, type TerraformModule } from '../../types';
import { type HclNode, hasError } from './cst';
import { units } from './terraform';
import type { Default } from './defaults';
import { moduleValues } from './tfvars';

/** A `*.tf` file of the module: its name, text and top-level blocks (a block with a syntax error left out). */
export interface ModuleSource {
  name: string;
  text: string;
  top: HclNode[];
}

export interface ModuleContext {
  /** The module's `*.tf` files other than the linted one. */
  sources: ModuleSource[];
  /** Every file the host gave, by name (the policy files that file() and templatefile() read). */
  files: ReadonlyMap<string, string>;
  /** The variable values Terraform loads (terraform.tfvars, `*.auto.tfvars`, then the host's): over the defaults (./tfvars.ts). */
  values: ReadonlyMap<string, Default>;
}

type Parse = (text: string) => HclNode | undefined;

type ReadModule = Omit<ModuleContext, 'sources'> & { sources: ModuleSource[] };

const read = new WeakMap<object, ReadModule>();

/** The last segment of a path, either separator. */
const baseName = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** The module of the file named `fileName`, without that file; undefined when no module (or no valid one) was given. */
export function moduleContext(module: TerraformModule | undefined, fileName: unknown, parse: Parse | undefined): ModuleContext | undefined {
  if (typeof module !== 'object' || module === null || !Array.isArray(module.files)) return undefined;
  let got = read.get(module);
  if (!got) read.set(module, (got = readModule(module, parse)));
  const own = typeof fileName === 'string' ? baseName(fileName) : '';
  return { sources: got.sources.filter((s) => s.name !== own), files: got.files, values: got.values };
}

function readModule(module: TerraformModule, parse: Parse | undefined): ReadModule {
  const files = new Map<string, string>();
  const sources: ModuleSource[] = [];
  let chars = 0;
  for (const f of module.files.slice(0, MODULE_LIMITS.files)) {
    if (typeof f?.name !== 'string' || typeof f.text !== 'string' || files.has(f.name)) continue;
    chars += f.text.length;
    if (chars > MODULE_LIMITS.chars) break;
    files.set(f.name, f.text);
    // A module is one folder: a `.tf` file in a folder below it is another module's.
    if (!f.name.endsWith('.tf') || f.name.includes('/')) continue;
    const cst = parse?.(f.text);
    if (cst) sources.push({ name: f.name, text: f.text, top: units(f.text, cst, parse).filter((u) => !hasError(u)) });
  }
  const kept = [...files].map(([name, text]) => ({ name, text }));
  const given = Array.isArray(module.values) ? module.values.slice(0, MODULE_LIMITS.files) : undefined;
  return { sources, files, values: moduleValues(kept, given, parse) };
}

/**
 * The path in the module's folder that a file() or templatefile() argument names: `"${path.module}/x.json"`,
 * `"./x.json"` or `"x.json"`, subfolders allowed. Undefined for a path the file computes otherwise, an
 * absolute one, or one that leaves the folder (`..`).
 */
export function moduleFileName(quoted: string): string | undefined {
  const s = quoted.trim();
  if (s.length < 3 || s[0] !== '"' || s[s.length - 1] !== '"') return undefined;
  let p = s.slice(1, -1);
  if (p.startsWith('${path.module}/')) p = p.slice('${path.module}/'.length);
  if (p.includes('${') || p.includes('%{') || p.includes('\\') || p.includes(':')) return undefined;
  const parts = p.split('/').filter((x) => x !== '.');
  if (!parts.length || parts.some((x) => x === '' || x === '..')) return undefined;
  return parts.join('/');
}

/** Does text[at - 1] end an identifier (so that `file(` at `at` is part of a longer name)? */
function afterName(text: string, at: number): boolean {
  const c = text.charCodeAt(at - 1) | 0x20;
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || text[at - 1] === '_' || text[at - 1] === '.';
}

/** A `file(...)` or `templatefile(...)` call in a Terraform text: where it stands, and the file it names (moduleFileName). */
export interface FileCall {
  start: number;
  end: number;
  name: string | undefined;
  template: boolean;
}

/** Calls read at most, and characters searched for a call's closing parenthesis (past it, the call ends after its first argument). */
const MAX_CALLS = 1000;
const MAX_CALL_LENGTH = 4096;

/** Where the call whose `(` is at `open` ends: after its `)`, strings skipped; undefined past MAX_CALL_LENGTH. */
function callEnd(text: string, open: number): number | undefined {
  let depth = 0;
  const stop = Math.min(text.length, open + MAX_CALL_LENGTH);
  for (let i = open; i < stop; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < stop && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

/**
 * The file() and templatefile() calls of a Terraform text whose first argument is a quoted path, found
 * without parsing (the tree copy leaves out blocks without a statement: ./copy.ts); not in `#` or `//` comments.
 */
export function fileCalls(text: string): FileCall[] {
  const out: FileCall[] = [];
  for (let at = text.indexOf('file('); at >= 0 && out.length < MAX_CALLS; at = text.indexOf('file(', at + 5)) {
    const template = text.startsWith('template', at - 8);
    const start = template ? at - 8 : at;
    if (afterName(text, start)) continue;
    const line = text.slice(text.lastIndexOf('\n', start) + 1, start).trimStart();
    if (line.startsWith('#') || line.startsWith('//')) continue;
    let i = at + 5;
    while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i++;
    if (text[i] !== '"') continue;
    const close = text.indexOf('"', i + 1);
    if (close < 0) break;
    const end = callEnd(text, at + 4) ?? close + 1;
    out.push({ start, end, name: moduleFileName(text.slice(i, close + 1)), template });
  }
  return out;
}

/** The files in its module that a Terraform text's file() and templatefile() calls name: a host reads these beside the `*.tf` files for LintOptions.module. */
export function terraformFileReferences(text: string): string[] {
  const names = new Set<string>();
  for (const c of fileCalls(text)) if (c.name && names.size < MODULE_LIMITS.files) names.add(c.name);
  return [...names];
}
