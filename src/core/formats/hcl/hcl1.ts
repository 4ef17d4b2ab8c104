/**
 * Terraform 0.11's syntax (HCL 1) where it differs from today's in a way that only stops the parser:
 * a comma after an attribute (`actions = [...],` then the next attribute on its own line), which
 * HCL 2 rejects and tree-sitter's recovery turns into one error over the whole block. The comma is
 * replaced by a space (offsets unchanged, so every range still points into the file as written) and
 * the part is parsed again; ./terraform.ts keeps the result only when it then has no error.
 *
 * Not read: 0.11's `statement = { ... }` (an attribute where HCL 2 has a block). It parses today, but
 * Terraform 0.12 and later reject it ("An argument named statement is not expected here"), and the
 * provider never renders it: such a document is read as having no statement of that form.
 */

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
