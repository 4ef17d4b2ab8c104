/**
 * Insert AWS's deny statement into a policy: appended to the Statement array; a single-object
 * Statement is wrapped in an array first (its bytes kept); Statement is created when absent.
 * Hand-made edits rather than jsonc-parser's formatter: every existing byte stays as it was,
 * even in a minified document (see fixes/edits.ts for why `modify` is not used).
 */
import type { Edit, FormattingOptions } from '../types';
import type { PolicyDocument } from '../document/policy';
import { REFERENCE_DENY_STATEMENT } from '../reference';
import { appendArrayItem, insertProperty, isInline, lineIndent, printValue } from './edits';

export function insertDenyEdits(text: string, doc: PolicyDocument, f: FormattingOptions): Edit[] {
  const st = doc.statementProp?.value;
  if (st?.type === 'array') return appendArrayItem(text, st, REFERENCE_DENY_STATEMENT, f);
  if (st?.type === 'object') {
    // `[{ ...existing... },<eol><indent>{ ...deny... }]`: the existing statement keeps its bytes.
    const inline = isInline(text, doc.node);
    const base = lineIndent(text, doc.statementProp!.keyOffset);
    const end = st.offset + st.length;
    return [
      { offset: st.offset, length: 0, content: '[' },
      {
        offset: end,
        length: 0,
        content: inline
          ? `,${printValue(REFERENCE_DENY_STATEMENT, '', f, true)}]`
          : `,${f.eol}${base}${printValue(REFERENCE_DENY_STATEMENT, base, f)}]`,
      },
    ];
  }
  if (st) {
    // A scalar Statement (a string, a number, null) becomes the array holding the deny, in the document's style.
    const base = lineIndent(text, doc.statementProp!.keyOffset);
    return [{ offset: st.offset, length: st.length, content: printValue([REFERENCE_DENY_STATEMENT], base, f, isInline(text, doc.node)) }];
  }
  if (doc.statementProp) return []; // `"Statement":` without a value: a syntax error to fix first.
  return insertProperty(text, doc.node, 'Statement', [REFERENCE_DENY_STATEMENT], f);
}
