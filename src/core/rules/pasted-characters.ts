import { pastedInString, pastedKind, pastedOffset } from '../document/parse';
import type { Edit } from '../types';
import { makeFix } from '../fixes/edits';
import { defineRule } from './rule';

const NAMES: Record<number, string> = {
  0xa0: 'non-breaking space',
  0x202f: 'narrow non-breaking space',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x2060: 'word joiner',
  0xfeff: 'zero-width no-break space',
  0xad: 'soft hyphen',
  0x201c: 'left double quotation mark',
  0x201d: 'right double quotation mark',
  0x201e: 'low double quotation mark',
  0x2018: 'left single quotation mark',
  0x2019: 'right single quotation mark',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
};

function describe(code: number, count: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name =
    NAMES[code] ??
    (pastedKind(code) === 1
      ? 'special space'
      : pastedKind(code) === 3
        ? 'typographic double quote'
        : pastedKind(code) === 4
          ? 'typographic single quote'
          : 'invisible character');
  return `${count} ${name}${count > 1 ? 's' : ''} (${hex})`;
}

function replacement(code: number, inString: boolean): string {
  switch (pastedKind(code)) {
    case 1:
      return ' ';
    case 3:
      return inString ? '\\"' : '"';
    case 4:
      return "'";
    default:
      return '';
  }
}

export const pastedCharacters = defineRule(
  {
    id: 'FMFA003',
    name: 'pasted-characters',
    description: 'Non-breaking spaces, smart quotes and zero-width characters copied from a web page: one finding, one safe fix.',
    defaultSeverity: 'error',
    phase: 'document',
    fixable: true,
  },
  (ctx) => {
    const pasted = ctx.parsed.pasted;
    if (!pasted.length) return;
    const text = ctx.text;
    const counts = new Map<number, number>();
    for (let i = 0; i < pasted.length; i++) {
      const code = text.charCodeAt(pastedOffset(pasted.get(i)));
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    // U+FEFF first in the file is a byte order mark, which editors add ("UTF-8 with BOM"), not a paste.
    const bom = pastedOffset(pasted.get(0)) === 0 && text.charCodeAt(0) === 0xfeff;
    if (bom) {
      const left = counts.get(0xfeff)! - 1;
      if (left) counts.set(0xfeff, left);
      else counts.delete(0xfeff);
    }
    const found = [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([c, k]) => describe(c, k))
      .join(', ');
    const web = `Text pasted from a web page: ${found}. IAM rejects them (it takes plain spaces and straight quotes only)`;
    const message = bom
      ? `The file starts with a byte order mark (BOM, U+FEFF), which some editors write ("UTF-8 with BOM"). IAM rejects it${found ? `. ${web}` : ''}`
      : web;
    ctx.report({
      offset: pastedOffset(pasted.get(0)),
      length: 1,
      message: `${message}, so this is not a valid policy yet; ${found ? 'replace them' : 'remove it'} to analyse it.`,
      fixes: [
        makeFix(
          bom
            ? 'Remove the byte order mark' + (found ? ' and replace pasted characters' : '')
            : 'Replace characters pasted from a web page',
          'safe',
          (): Edit[] =>
            pasted.map((p) => {
              const offset = pastedOffset(p);
              return { offset, length: 1, content: replacement(text.charCodeAt(offset), pastedInString(p)) };
            }),
          true,
        ),
      ],
    });
  },
);
