/**
 * Terraform 0.11's syntax (HCL 1) where it differs from today's in a way that only stops the parser:
 * a comma after an attribute (`actions = [...],` then the next attribute on its own line), which
 * HCL 2 rejects and tree-sitter's recovery turns into one error over the whole block. The comma is
 * replaced by a space (offsets unchanged, so every range still points into the file as written) and
 * the part is parsed again; ./terraform.ts keeps the result only when it then has no error.
 *
 * 0.11's `statement = { ... }` (an attribute where HCL 2 has a block; Terraform 0.12 and later reject
 * it, but it is what 0.11 modules in the wild hold) parses as an object when everything in it is an
 * attribute too, and ./document.ts reads it as the block. When it holds a block (`condition { ... }`),
 * HCL 2 cannot parse it: its `=` is replaced by a space, as the comma is, and it is read as a block.
 */

/** The names that 0.11 wrote as `name = {` where HCL 2 writes a block `name {`. */
const LEGACY_BLOCKS = ['statement', 'condition', 'principals', 'not_principals'];

/** `text` with the `=` of each line `statement = {` (and condition, principals) replaced by a space; undefined when there is none. */
function withoutLegacyEquals(text: string): string | undefined {
  let out: string | undefined;
  let kept = 0;
  for (let at = 0; at < text.length;) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    let i = at;
    while (text[i] === ' ' || text[i] === '\t') i++;
    const name = LEGACY_BLOCKS.find((n) => text.startsWith(n, i));
    if (name) {
      let eq = i + name.length;
      while (text[eq] === ' ' || text[eq] === '\t') eq++;
      let brace = eq + 1;
      while (text[brace] === ' ' || text[brace] === '\t') brace++;
      if (text[eq] === '=' && text[brace] === '{' && brace < end) {
        out = (out ?? '') + text.slice(kept, eq) + ' ';
        kept = eq + 1;
      }
    }
    at = end + 1;
  }
  return out === undefined ? undefined : out + text.slice(kept);
}

/** `text` as Terraform 0.11 wrote it made HCL 2 (commas after attributes, `statement = {`), offsets unchanged; undefined when nothing changed. */
export function asHcl2(text: string): string | undefined {
  const commas = withoutAttributeCommas(text);
  const equals = withoutLegacyEquals(commas ?? text);
  return equals ?? commas;
}

/** Whether `text[at]` starts a line that begins an attribute or a block (`name =`, `name {`, `name "label"`) or closes one. */
function startsMember(text: string, at: number): boolean {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '}') return true;
  const first = i;
  for (
    let c = text.charCodeAt(i) | 0x20;
    (c >= 97 && c <= 122) || (c >= 48 && c <= 57 && i > first) || text[i] === '_' || text[i] === '-';
  ) {
    i++;
    c = text.charCodeAt(i) | 0x20;
  }
  if (i === first) return false;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return (text[i] === '=' && text[i + 1] !== '=' && text[i + 1] !== '>') || text[i] === '{' || text[i] === '"';
}

/** `text` with each comma that ends a line (LF or CRLF) before an attribute, a block or a closing brace replaced by a space; undefined when there is none. */
export function withoutAttributeCommas(text: string): string | undefined {
  let out: string | undefined;
  let kept = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    const at = text[nl - 1] === '\r' ? nl - 2 : nl - 1;
    if (text[at] !== ',') continue;
    let next = nl + 1;
    // The next line that is not blank.
    while (text[next] === '\n' || text[next] === ' ' || text[next] === '\t' || text[next] === '\r') next++;
    let lineStart = next;
    while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--;
    if (!startsMember(text, lineStart)) continue;
    out = (out ?? '') + text.slice(kept, at) + ' ';
    kept = at + 1;
  }
  return out === undefined ? undefined : out + text.slice(kept);
}
