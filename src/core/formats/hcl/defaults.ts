/**
 * What a module emits with its variables' defaults: a `count = var.create ? 1 : 0`, a
 * `for_each = var.manage_explicit_deny ? [1] : []` on a dynamic block. Only what can be told from
 * the module: `var.x` with a literal default (true, false, a number, null) in the file or in another
 * file of its module (./module.ts), `!`, `&&`, `||`, `==` and `!=` of those, literals, and a
 * conditional choosing between literal counts or collections. Anything else is not judged.
 */
import type { HclNode } from './cst';
import { inner } from './values';

/** A variable's literal default (boolean, number or null) as its source text, and the file of the module it is in when not the linted one. */
export interface Default {
  value: string;
  file?: string;
  /** A value given for the variable (a `.tfvars` file, `--var`), which overrides its default; `file` says where. */
  given?: boolean;
}

/** A module's variables with a literal default, by name. */
export type Defaults = ReadonlyMap<string, Default>;

/** A value told from the defaults, and the defaults it was told from (`manage_explicit_deny = false`). */
export interface Judged<T> {
  value: T;
  by: string[];
}

const LITERAL = new Set(['bool_lit', 'numeric_lit', 'null_lit']);

/**
 * How a value is said in a finding: `the default manage_explicit_deny = false` (and the file it is in when it is
 * another), or a given value with where it came from (`manage_explicit_deny = true in terraform.tfvars`, `from --var`).
 */
function said(name: string, d: Default): string {
  const where = d.file ? ` ${d.given && d.file.startsWith('-') ? 'from' : 'in'} ${d.file}` : '';
  return `${d.given ? '' : 'the default '}${name} = ${d.value}${where}`;
}

/** The literal (boolean, number or null) an expression is, as its source text; undefined for anything else. */
export function literalOf(text: string, expr: HclNode): string | undefined {
  const v = inner(expr);
  return v && LITERAL.has(v.type) ? text.slice(v.start, v.end) : undefined;
}

/** The literal of an operand (`null`, `true`, `3`) or a variable's default, with the defaults it was told from; undefined when neither. */
function operandOf(text: string, defaults: Defaults, nodes: readonly HclNode[]): Judged<string> | undefined {
  if (nodes.length === 2 && nodes[0]!.type === 'variable_expr' && nodes[1]!.type === 'get_attr') {
    if (text.slice(nodes[0]!.start, nodes[0]!.end) !== 'var') return undefined;
    const name = text.slice(nodes[1]!.start + 1, nodes[1]!.end).trim();
    const d = defaults.get(name);
    return d && { value: d.value, by: [said(name, d)] };
  }
  const v = nodes.length === 1 ? inner(nodes[0]!) : undefined;
  return v && LITERAL.has(v.type) ? { value: text.slice(v.start, v.end), by: [] } : undefined;
}

/** Nesting of `(`, `!` and operators followed at most: past it an expression is not judged. */
const MAX_DEPTH = 32;

/** The defaults of the `variable` blocks among `blocks` (top-level ones), by name, added to `out`; `file` names another file of the module. */
export function readDefaults(
  text: string,
  blocks: readonly HclNode[],
  file?: string,
  out = new Map<string, Default>(),
): Map<string, Default> {
  for (const b of blocks) {
    const [kind, label] = b.children;
    if (kind?.type !== 'identifier' || text.slice(kind.start, kind.end) !== 'variable' || label?.type !== 'string_lit') continue;
    const body = b.children.find((c) => c.type === 'body');
    for (const a of body?.children ?? []) {
      const [key, expr] = a.children;
      if (a.type !== 'attribute' || !key || !expr || text.slice(key.start, key.end) !== 'default') continue;
      const value = literalOf(text, expr);
      const name = text.slice(label.start + 1, label.end - 1);
      if (value === undefined || out.has(name)) continue;
      out.set(name, file ? { value, file } : { value });
    }
  }
  return out;
}

/** A boolean expression's value with the defaults, or undefined. `nodes` are the children that make one operand. */
export function booleanOf(text: string, defaults: Defaults, nodes: readonly HclNode[], depth = 0): Judged<boolean> | undefined {
  if (depth > MAX_DEPTH || nodes.length === 0) return undefined;
  if (nodes.length === 2 && nodes[0]!.type === 'variable_expr' && nodes[1]!.type === 'get_attr') {
    const d = operandOf(text, defaults, nodes);
    return d && (d.value === 'true' || d.value === 'false') ? { value: d.value === 'true', by: d.by } : undefined;
  }
  if (nodes.length !== 1) return undefined;
  const n = nodes[0]!;
  if (n.type === 'expression' || n.type === 'operation' || n.type === 'literal_value')
    return booleanOf(text, defaults, n.children, depth + 1);
  if (n.type === 'bool_lit') return { value: text.slice(n.start, n.end) === 'true', by: [] };
  if (n.type === 'unary_operation' && text[n.start] === '!') {
    const r = booleanOf(text, defaults, n.children, depth + 1);
    return r && { value: !r.value, by: r.by };
  }
  if (n.type !== 'binary_operation') return undefined;
  // The operands are runs of children; the operator stands in the one gap between them that holds text.
  const c = n.children;
  for (let i = 0; i + 1 < c.length; i++) {
    const op = text.slice(c[i]!.end, c[i + 1]!.start).trim();
    if (!op) continue;
    if (op === '==' || op === '!=') {
      // `var.permissions != null`: a variable's default against a literal (numbers as written: 1 and 1.0 differ here, so not judged).
      const x = operandOf(text, defaults, c.slice(0, i + 1));
      const y = operandOf(text, defaults, c.slice(i + 1));
      const comparable = x && y && (x.value === y.value || !/^[0-9]/.test(x.value) || !/^[0-9]/.test(y.value));
      return comparable ? { value: (x.value === y.value) === (op === '=='), by: [...x.by, ...y.by] } : undefined;
    }
    if (op !== '&&' && op !== '||') return undefined;
    const a = booleanOf(text, defaults, c.slice(0, i + 1), depth + 1);
    const b = booleanOf(text, defaults, c.slice(i + 1), depth + 1);
    if (!a || !b) return undefined;
    return { value: op === '&&' ? a.value && b.value : a.value || b.value, by: [...a.by, ...b.by] };
  }
  return undefined;
}

/**
 * How many times a `count` or a `for_each` makes its block, with the defaults: a literal number, a
 * literal tuple's or object's size, or a conditional on a judged boolean choosing between those.
 */
export function countOf(text: string, defaults: Defaults, expr: HclNode, depth = 0): Judged<number> | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = expr.type === 'expression' && expr.children.length === 1 ? expr.children[0]! : expr;
  if (n.type === 'conditional') {
    const [cond, yes, no] = n.children;
    if (!cond || !yes || !no) return undefined;
    const choice = booleanOf(text, defaults, [cond]);
    const chosen = choice && countOf(text, defaults, choice.value ? yes : no, depth + 1);
    return chosen && { value: chosen.value, by: [...choice.by, ...chosen.by] };
  }
  const v = inner(n);
  if (!v) return undefined;
  if (v.type === 'numeric_lit') return { value: Number(text.slice(v.start, v.end)), by: [] };
  if (v.type === 'tuple') return { value: v.children.filter((c) => c.type === 'expression').length, by: [] };
  if (v.type === 'object') return { value: v.children.filter((c) => c.type === 'object_elem').length, by: [] };
  return undefined;
}
