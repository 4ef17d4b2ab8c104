// No function in src/ is longer than 80 lines (issue 11): measured with the TypeScript compiler API on
// every function-like node (declarations, methods, accessors, constructors, function expressions and
// arrow functions), from the first line of its text to its last, so a nested function counts in its
// parent too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const MAX_LINES = 80;
const root = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(file));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(file);
  }
  return out;
}

interface FunctionSpan {
  name: string;
  file: string;
  line: number;
  lines: number;
}

/** Every function-like node with a body in one file, with its length in lines. */
function functionSpans(file: string, text: string): FunctionSpan[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const spans: FunctionSpan[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const named = node as ts.Node & { name?: ts.Node };
      const name = named.name ? named.name.getText(source) : ts.SyntaxKind[node.kind];
      spans.push({ name, file: path.relative(root, file), line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return spans;
}

test('the measure counts a function from its first line to its last, nested ones in their parent too', () => {
  const text = [
    'function outer() {',
    '  const inner = () => {',
    '    return 1;',
    '  };',
    '  return inner();',
    '}',
    'class A {',
    '  m(): void {}',
    '}',
  ].join('\n');
  const spans = functionSpans('x.ts', text).map(({ name, line, lines }) => [name, line, lines]);
  assert.deepEqual(spans, [
    ['outer', 1, 6],
    ['ArrowFunction', 2, 3],
    ['m', 8, 1],
  ]);
});

test(`no function in src/ is longer than ${MAX_LINES} lines`, () => {
  const files = sourceFiles(path.join(root, 'src'));
  assert.ok(files.length > 50, `${files.length} source files`);
  const spans = files.flatMap((f) => functionSpans(f, readFileSync(f, 'utf8')));
  const longest = spans.reduce((a, b) => (b.lines > a.lines ? b : a));
  console.log(
    `[function-length] ${spans.length} functions in ${files.length} files; the longest: ${longest.name} (${longest.file}:${longest.line}), ${longest.lines} lines`,
  );
  const over = spans.filter((s) => s.lines > MAX_LINES).map((s) => `${s.file}:${s.line} ${s.name}: ${s.lines} lines`);
  assert.deepEqual(over, []);
});
