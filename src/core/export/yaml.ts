// A small YAML emitter for JSON-shaped values (block style, 2-space indent). Strings that YAML
// could read as anything else are double-quoted with JSON escapes, which YAML 1.2 accepts as is.

const PLAIN_KEY = /^[A-Za-z][A-Za-z0-9]*(?:::[A-Za-z][A-Za-z0-9]*)*$/;
const PLAIN_VALUE = /^[A-Za-z][A-Za-z0-9 ._/-]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

function key(k: string): string {
  return PLAIN_KEY.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k);
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return PLAIN_VALUE.test(v) && !RESERVED.test(v) && !v.endsWith(' ') ? v : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return 'null';
}

const isBlock = (v: unknown): v is object => !!v && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);

function emptyOrScalar(v: unknown): string {
  if (Array.isArray(v)) return '[]';
  if (v && typeof v === 'object') return '{}';
  return scalar(v);
}

function lines(value: object, indent: string): string[] {
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isBlock(item)) {
        const inner = lines(item, `${indent}  `);
        out.push(`${indent}- ${inner[0]!.slice(indent.length + 2)}`, ...inner.slice(1));
      } else {
        out.push(`${indent}- ${emptyOrScalar(item)}`);
      }
    }
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    if (isBlock(v)) out.push(`${indent}${key(k)}:`, ...lines(v, `${indent}  `));
    else out.push(`${indent}${key(k)}: ${emptyOrScalar(v)}`);
  }
  return out;
}

export function toYaml(value: unknown): string {
  return isBlock(value) ? `${lines(value, '').join('\n')}\n` : `${emptyOrScalar(value)}\n`;
}
