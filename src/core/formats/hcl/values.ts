/**
 * HCL expressions as the core's document tree (../../document/tree.ts), each node on the source
 * text that produced it: a quoted string on its quotes, a tuple on its brackets. What the file
 * computes (a reference, a variable, a function call other than jsonencode, an interpolation, a
 * `for` expression) is an `unknown` node that keeps its text. `jsonencode(x)` stands for x: the JSON
 * it makes has the same tree.
 */
import { JsonNode, JsonProperty, unknownNode } from '../../document/tree';
import { child, type HclNode } from './cst';

/** The node an `expression` wrapper stands for, or undefined when it holds more (`var.x` is a variable_expr and a get_attr). */
export function inner(node: HclNode): HclNode | undefined {
  let n = node;
  while (n.type === 'expression' || n.type === 'literal_value' || n.type === 'collection_value' || n.type === 'template_expr') {
    if (n.children.length !== 1) return n.type === 'expression' ? undefined : n;
    n = n.children[0]!;
  }
  return n;
}

/** The text a template literal stands for: HCL's escapes (`\"`, `\n`, `\u00e9`, ...) and `$${`, `%%{` read. */
export function literalText(text: string, from: number, to: number): string {
  const raw = text.slice(from, to);
  const unescaped = raw.indexOf('\\') < 0 ? raw : unescapeHcl(text, from, to, []);
  return unescaped.indexOf('{') < 0 ? unescaped : unescaped.replaceAll('$${', '${').replaceAll('%%{', '%{');
}

const SIMPLE: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * Reads HCL's backslash escapes in text[from, to) and pushes, for each code unit of the result, the
 * offset it came from into `map` (then one more: `to`). `$${` is left for the template reader.
 */
export function unescapeHcl(text: string, from: number, to: number, map: number[]): string {
  const out: string[] = [];
  for (let i = from; i < to;) {
    let s = text[i]!;
    const at = i;
    i++;
    if (s === '\\' && i < to) {
      const e = text[i]!;
      const hex = e === 'u' ? 4 : e === 'U' ? 8 : 0;
      const digits = text.slice(i + 1, i + 1 + hex);
      if (hex && digits.length === hex && i + 1 + hex <= to && /^[0-9A-Fa-f]+$/.test(digits)) {
        const code = parseInt(digits, 16);
        s = code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
        i += 1 + hex;
      } else {
        s = SIMPLE[e] ?? e;
        i++;
      }
    }
    out.push(s);
    for (let k = 0; k < s.length; k++) map.push(at);
  }
  map.push(to);
  return out.join('');
}

/** A string literal's value, or undefined when it interpolates (`"${var.x}"`) or holds a directive. */
export function stringValue(text: string, node: HclNode): string | undefined {
  let value = '';
  for (const c of node.children) {
    if (c.type === 'template_literal') value += literalText(text, c.start, c.end);
    else if (c.type !== 'quoted_template_start' && c.type !== 'quoted_template_end') return undefined;
  }
  return value;
}

/** The name of an identifier-like node: an `identifier`, a `variable_expr`, or a string literal (an object key). */
export function nameOf(text: string, node: HclNode | undefined): string | undefined {
  if (!node) return undefined;
  const n = inner(node);
  if (!n) return undefined;
  if (n.type === 'identifier') return text.slice(n.start, n.end);
  if (n.type === 'variable_expr' && n.children.length === 1) return text.slice(n.start, n.end);
  if (n.type === 'string_lit' || n.type === 'quoted_template') return stringValue(text, n);
  return undefined;
}

/** The function a `function_call` calls, and its arguments' expressions. */
export function callOf(text: string, node: HclNode): { name: string; args: HclNode[] } | undefined {
  if (node.type !== 'function_call') return undefined;
  const id = child(node, 'identifier');
  const args = child(node, 'function_arguments');
  if (!id) return undefined;
  return { name: text.slice(id.start, id.end), args: args ? args.children.filter((c) => c.type === 'expression') : [] };
}

/** A leaf: a literal scalar, a string without interpolation, else undefined (a container, or computed). */
function scalar(text: string, n: HclNode): JsonNode | undefined {
  let node: JsonNode | undefined;
  const source = text.slice(n.start, n.end);
  if (n.type === 'string_lit' || n.type === 'quoted_template' || n.type === 'heredoc_template') {
    const v = n.type === 'heredoc_template' ? heredocValue(text, n) : stringValue(text, n);
    if (v !== undefined) node = new JsonNode('string', n.start, v);
  } else if (n.type === 'numeric_lit') node = new JsonNode('number', n.start, Number(source));
  else if (n.type === 'bool_lit') node = new JsonNode('boolean', n.start, source === 'true');
  else if (n.type === 'null_lit') node = new JsonNode('null', n.start, null);
  if (node) node.length = n.end - n.start;
  return node;
}

/** A heredoc's text when it interpolates nothing (indentation of `<<-` left as written: JSON does not mind). */
function heredocValue(text: string, n: HclNode): string | undefined {
  const body = heredocBody(text, n);
  if (!body || n.children.some((c) => c.type !== 'template_literal' && c.type !== 'heredoc_start' && c.type !== 'heredoc_identifier')) {
    return undefined;
  }
  // A heredoc reads no backslash escapes.
  return text.slice(body[0], body[1]).replaceAll('$${', '${').replaceAll('%%{', '%{');
}

/** The body of a heredoc_template: from the line after `<<EOF` to the start of the closing marker's line; undefined when it has none. */
export function heredocBody(text: string, n: HclNode): [number, number] | undefined {
  const ids = n.children.filter((c) => c.type === 'heredoc_identifier');
  if (ids.length < 2) return undefined;
  const open = text.indexOf('\n', ids[0]!.end);
  if (open < 0) return undefined;
  const close = text.lastIndexOf('\n', ids[ids.length - 1]!.start);
  return close < open ? [open + 1, open + 1] : [open + 1, close + 1];
}

/**
 * The tree of an expression, built without recursion: containers are made first and filled as
 * their items are read. `jsonencode(x)` is read as x.
 */
export function readValue(text: string, expr: HclNode): JsonNode {
  let result: JsonNode | undefined;
  const work: Array<[HclNode, (v: JsonNode) => void]> = [[expr, (v) => (result = v)]];
  while (work.length) {
    const [node, put] = work.pop()!;
    let n = inner(node);
    const call = n && callOf(text, n);
    if (call?.name === 'jsonencode' && call.args.length === 1) n = inner(call.args[0]!);
    if (!n) {
      put(unknownNode(node.start, text.slice(node.start, node.end)));
      continue;
    }
    const leaf = scalar(text, n);
    if (leaf) put(leaf);
    else if (n.type === 'tuple') put(tuple(n, work));
    else if (n.type === 'object') put(object(text, n, work));
    else put(unknownNode(n.start, text.slice(n.start, n.end)));
  }
  return result!;
}

function tuple(n: HclNode, work: Array<[HclNode, (v: JsonNode) => void]>): JsonNode {
  const node = new JsonNode('array', n.start, null);
  node.length = n.end - n.start;
  const exprs = n.children.filter((c) => c.type === 'expression');
  const items: JsonNode[] = (node.items = new Array<JsonNode>(exprs.length));
  for (let i = exprs.length - 1; i >= 0; i--) work.push([exprs[i]!, (v) => (items[i] = v)]);
  return node;
}

function object(text: string, n: HclNode, work: Array<[HclNode, (v: JsonNode) => void]>): JsonNode {
  const node = new JsonNode('object', n.start, null);
  node.length = n.end - n.start;
  const props: JsonProperty[] = (node.props = []);
  const elems = n.children.filter((c) => c.type === 'object_elem');
  for (const elem of elems) {
    const [k, v] = elem.children.filter((c) => c.type === 'expression');
    if (!k) continue;
    // A key that the file computes (`(local.k)`) is named by its text.
    const prop = new JsonProperty(nameOf(text, k) ?? text.slice(k.start, k.end), k.start, k.end - k.start);
    props.push(prop);
    if (v)
      work.push([
        v,
        (value) => {
          prop.value = value;
          prop.end = value.offset + value.length;
        },
      ]);
  }
  return node;
}
