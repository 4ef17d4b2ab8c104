// The copy of tree-sitter's tree (src/core/formats/hcl/copy.ts): the same nodes as the parser's own
// Node API gives, one WebAssembly read per node the cursor stands on and two more per node kept, and
// an array only for the nodes that have children, of their number.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node as TsNode, Parser as TsParser, Tree } from 'web-tree-sitter';
import { hasError, type HclNode } from '../../src/core/formats/hcl/cst';
import { copyCursor, type CopyWork, PUNCTUATION, TOKENS } from '../../src/core/formats/hcl/copy';
import { TERRAFORM_GRAMMAR_DIR, TREE_SITTER_WASM_DIR } from '../lib/hcl-reader';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '../fixtures/terraform', name), 'utf8');
let parser: TsParser;

before(async () => {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init({ locateFile: (name: string) => path.join(TREE_SITTER_WASM_DIR, name) });
  parser = new Parser();
  parser.setLanguage(await Language.load(path.join(TERRAFORM_GRAMMAR_DIR, 'tree-sitter-terraform.wasm')));
});

/** What the copy should be, from the parser's Node API: named nodes (and missing ones), an anonymous node's children on its parent. */
function reference(tree: Tree): HclNode {
  const errors = tree.rootNode.hasError;
  const root: HclNode = { type: tree.rootNode.type, start: tree.rootNode.startIndex, end: tree.rootNode.endIndex, children: [] };
  const stack: Array<[TsNode, HclNode]> = [[tree.rootNode, root]];
  while (stack.length) {
    const [node, into] = stack.pop()!;
    const kept: Array<[TsNode, HclNode]> = [];
    for (const c of node.children) {
      if (!c) continue;
      const missing = errors && c.isMissing;
      if (!c.isNamed && !missing) {
        // Its own children, in order, would go to `into`: anonymous nodes of this grammar have none.
        assert.equal(c.childCount, 0);
        continue;
      }
      const copy: HclNode = { type: missing ? 'MISSING' : c.type, start: c.startIndex, end: c.endIndex, children: [] };
      into.children.push(copy);
      kept.push([c, copy]);
    }
    stack.push(...kept);
  }
  return root;
}

function copy(text: string, keep: boolean): { cst: HclNode; work: CopyWork; tree: HclNode } {
  const tree = parser.parse(text)!;
  const cursor = tree.walk();
  const work: CopyWork = { steps: 0, visits: 0, reads: 0 };
  try {
    return { cst: copyCursor(cursor, tree.rootNode.hasError, keep ? text : undefined, work), work, tree: reference(tree) };
  } finally {
    cursor.delete();
    tree.delete();
  }
}

/** Every node of a copy, each once. */
function nodes(cst: HclNode): HclNode[] {
  const out: HclNode[] = [];
  const stack = [cst];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    stack.push(...n.children);
  }
  return out;
}

const plain = (i: number) => `resource "aws_instance" "app${i}" {\n  ami  = "ami-1"\n  tags = { Name = "app" }\n}\n`;

test('the whole copy is the tree of named nodes that the Node API gives, for files with and without errors', async () => {
  const { generateHcl } = await import('../../bench/lib/terraform-hcl.mjs');
  const texts = [
    generateHcl(30_000, 3),
    ...['document.tf', 'dynamic.tf', 'forms.tf'].map(fixture),
    `${plain(1)}resource "aws_iam_policy" "p" {\n  policy = "{\n}\n`,
    'data "aws_iam_policy_document" "x" {\n  statement {\n    actions = ["s3:*"\n  }\n',
    '',
  ];
  for (const text of texts) {
    const { cst, tree } = copy(text, false);
    assert.deepEqual(JSON.parse(JSON.stringify(cst)), JSON.parse(JSON.stringify(tree)), text.slice(0, 60));
  }
});

test('the selective copy keeps whole the top-level blocks it keeps', async () => {
  const { generateHcl } = await import('../../bench/lib/terraform-hcl.mjs');
  const text = generateHcl(30_000, 5);
  const whole = copy(text, false).cst;
  const kept = copy(text, true).cst;
  const blocks = kept.children[0]!.children;
  assert.ok(blocks.length > 0 && blocks.length < whole.children[0]!.children.length);
  const byStart = new Map(whole.children[0]!.children.map((b) => [b.start, b]));
  for (const b of blocks) assert.deepEqual(b, byStart.get(b.start));
});

test('one read per node the cursor stands on, two more per node kept, two per node type; leaves share one frozen list', async () => {
  const { generateHcl } = await import('../../bench/lib/terraform-hcl.mjs');
  const text = `${Array.from({ length: 200 }, (_, i) => plain(i)).join('')}${generateHcl(20_000, 9)}`;
  const { cst, work } = copy(text, true);
  const all = nodes(cst);
  // Copied below the root: the named nodes of the kept blocks. The blocks left out are stood on and bounded, not entered.
  const copied = all.length - 1;
  const blocks = (c: HclNode) => c.children[0]!.children.filter((b) => b.type === 'block').length;
  const leftOut = blocks(copy(text, false).cst) - blocks(cst);
  assert.ok(leftOut >= 200);
  // Anonymous nodes (punctuation, keywords) are stood on and not copied: the copy reads their type id only.
  assert.ok(work.visits > copied);
  // A type's name and named-ness are read once (the grammar has fewer than 64 node types that a file shows).
  const bounded = work.visits + 2 * (copied + leftOut);
  assert.ok(work.reads >= bounded && work.reads <= bounded + 2 * 64, JSON.stringify({ work, copied, leftOut }));
  // Before: nodeIsNamed per node, and nodeType, startIndex and endIndex per named node.
  assert.ok(work.reads < work.visits + 3 * (copied + leftOut) - copied / 2);
  // No child is looked for under an anonymous node or a token (identifiers, quotes, braces): before, every node
  // the cursor stood on cost a try for a first child and one for a next sibling, and each parent a step back.
  assert.ok(work.steps < 2 * work.visits, JSON.stringify(work)); // before: 2.33 steps per visit on this text
  // The 200 plain resources are stepped over: each costs one visit and its two bounds, nothing under it.
  const none = copy(Array.from({ length: 200 }, (_, i) => plain(i)).join(''), true);
  assert.equal(nodes(none.cst).length, 2, 'config_file and its body');
  assert.equal(none.work.visits, 201, 'the body and its 200 blocks');
  // Leaves: one shared, frozen list; every other list holds exactly its children.
  const leaves = all.filter((n) => n.children.length === 0);
  assert.ok(leaves.length > 100);
  assert.equal(new Set(leaves.map((n) => n.children)).size, 1);
  assert.ok(Object.isFrozen(leaves[0]!.children));
  const lists = all.filter((n) => n.children.length > 0).map((n) => n.children);
  assert.equal(new Set(lists).size, lists.length, 'no list shared between two nodes');
});

test("a copied tree's errors are what the parser said: asked of its root, hasError walks nothing", () => {
  const valid = copy(fixture('document.tf'), true).cst;
  const broken = copy('data "x" "y" {\n  a = [\n}\n', true).cst;
  assert.equal(hasError(valid), false);
  assert.equal(hasError(broken), true);
  // An ERROR node put under the valid tree's body: its root still answers from the record, the body is walked.
  const body = valid.children.find((c) => c.type === 'body')!;
  body.children.push({ type: 'ERROR', start: 0, end: 0, children: [] });
  assert.equal(hasError(valid), false);
  assert.equal(hasError(body), true);
});

test('the node types copied without looking for children are tokens of the grammar (token() or external rules), or one string (without errors)', () => {
  const grammar = JSON.parse(readFileSync(path.join(TERRAFORM_GRAMMAR_DIR, 'src/grammar.json'), 'utf8')) as {
    rules: Record<string, { type: string }>;
    externals: Array<{ name?: string }>;
  };
  const externals = new Set(grammar.externals.map((e) => e.name));
  for (const type of TOKENS) {
    const rule = grammar.rules[type]?.type;
    assert.ok(externals.has(type) || rule === 'TOKEN' || rule === 'PATTERN', `${type}: ${rule}`);
  }
  for (const type of PUNCTUATION) assert.equal(grammar.rules[type]?.type, 'STRING', type);
});
