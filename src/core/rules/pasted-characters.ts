import { pastedKind } from '../document/parse';
import type { Edit } from '../types';
import { lazyFix } from '../fixes/edits';
import { defineRule } from './rule';

const NAMES: Record<number, string> = {
  0xa0: 'non-breaking space', 0x202f: 'narrow non-breaking space', 0x200b: 'zero-width space', 0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner', 0x2060: 'word joiner', 0xfeff: 'byte order mark', 0xad: 'soft hyphen',
  0x201c: 'left double quotation mark', 0x201d: 'right double quotation mark', 0x201e: 'low double quotation mark',
  0x2018: 'left single quotation mark', 0x2019: 'right single quotation mark', 0x2028: 'line separator', 0x2029: 'paragraph separator',
};

function describe(code: number, count: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[code] ?? (pastedKind(code) === 1 ? 'special space' : pastedKind(code) === 3 ? 'typographic double quote' : pastedKind(code) === 4 ? 'typographic single quote' : 'invisible character');
  return `${count} ${name}${count > 1 ? 's' : ''} (${hex})`;
}

function replacement(code: number, inString: boolean): string {
  switch (pastedKind(code)) {
    case 1: return ' ';
    case 3: return inString ? '\\"' : '"';
    case 4: return "'";
    default: return '';
  }
}

export const pastedCharacters = defineRule(
  {
    id: 'FMFA003',
    name: 'pasted-characters',
    description: 'Non-breaking spaces, smart quotes and zero-width characters copied from a web page: one finding, one safe fix.',
    defaultSeverity: 'error',
    fixable: true,
  },
  (ctx) => {
    const pasted = ctx.parsed.pasted;
    if (!pasted.length) return;
    const counts = new Map<number, number>();
    for (const p of pasted) counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
    const found = [...counts].sort((a, b) => b[1] - a[1]).map(([c, k]) => describe(c, k));
    const first = pasted[0]!;
    ctx.report({
      offset: first.offset,
      length: 1,
      message: `Text pasted from a web page: ${found.join(', ')}. IAM rejects them (it takes plain spaces and straight quotes only), so this is not a valid policy yet; replace them to analyse it.`,
      fixes: [lazyFix('Replace characters pasted from a web page', 'safe', (): Edit[] => pasted.map((p) => ({ offset: p.offset, length: 1, content: replacement(p.code, p.inString) })), true)],
    });
  },
);
