/**
 * The variable values Terraform itself loads for a root module, which override the variables'
 * defaults (./defaults.ts) where the module is judged: in Terraform's order of precedence, lowest
 * first, `terraform.tfvars`, `terraform.tfvars.json`, the `*.auto.tfvars` and `*.auto.tfvars.json`
 * files in lexical order of their names, then what the host was given (`-var-file`, `-var`) in the
 * order given. Only literal values (booleans, numbers, null) are read, as only those decide a
 * `count` or a `for_each` here; a file that cannot be read is left out.
 */
import { type ModuleFile, isAutoValuesName } from '../../types';
import { type HclNode, hasError } from './cst';
import { type Default, literalOf } from './defaults';
import { units } from './terraform';

type Parse = (text: string) => HclNode | undefined;

/** A value file's rank in Terraform's precedence (higher wins): the two terraform.tfvars first, then the .auto ones. */
const rank = (name: string): number => (name === 'terraform.tfvars' ? 0 : name === 'terraform.tfvars.json' ? 1 : 2);

/** The folder's value files in the order Terraform reads them: the .auto ones by their names as strings compare. */
function inOrder(files: readonly ModuleFile[]): ModuleFile[] {
  return files
    .filter((f) => isAutoValuesName(f.name))
    .sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The values that decide over the defaults, by variable name, each with the file it came from: the
 * folder's value files, then the host's `given` ones, a later file's value replacing an earlier one.
 */
export function moduleValues(
  files: readonly ModuleFile[],
  given: readonly ModuleFile[] | undefined,
  parse: Parse | undefined,
): Map<string, Default> {
  const out = new Map<string, Default>();
  for (const f of [...inOrder(files), ...(Array.isArray(given) ? given : [])]) {
    if (typeof f?.name !== 'string' || typeof f.text !== 'string') continue;
    const read = f.name.endsWith('.json') ? jsonValues(f.text) : hclValues(f.text, parse);
    for (const [name, value] of read) out.set(name, { value, file: f.name, given: true });
  }
  return out;
}

/** The literal values of a `.tfvars.json` file's top-level object (true, false, numbers, null) as Terraform writes them. */
function jsonValues(text: string): Array<[string, string]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const out: Array<[string, string]> = [];
  for (const [name, v] of Object.entries(value as Record<string, unknown>))
    if (typeof v === 'boolean' || v === null || (typeof v === 'number' && Number.isFinite(v))) out.push([name, String(v)]);
  return out;
}

/** The literal values of a `.tfvars` file's top-level attributes (`enforce_mfa = false`); an attribute with a syntax error is left out. */
function hclValues(text: string, parse: Parse | undefined): Array<[string, string]> {
  const cst = parse?.(text);
  if (!cst) return [];
  const out: Array<[string, string]> = [];
  for (const a of units(text, cst, parse)) {
    const [key, expr] = a.children;
    if (a.type !== 'attribute' || key?.type !== 'identifier' || !expr || hasError(a)) continue;
    const value = literalOf(text, expr);
    if (value !== undefined) out.push([text.slice(key.start, key.end), value]);
  }
  return out;
}
