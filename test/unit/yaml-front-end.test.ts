// The YAML front-end's parser options: CloudFormation's short-form tags are registered with the `yaml`
// package, so that it builds no unresolved-tag warning per intrinsic (work the front-end never reads: a
// tenth of a template's lint, docs/decisions/yaml-front-end.md), and reads each tagged value exactly as
// it reads an unknown tag: the same value, the same kind of node, the same tag and range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Node, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { SHORT_FORM_TAGS, YAML_PARSE_OPTIONS } from '../../src/core/formats/yaml/builder';

/** Every short-form tag on a scalar (plain, quoted, empty), a flow and block map, a flow and block list. */
function taggedTemplate(): string {
  const lines = ['Resources:'];
  for (const tag of SHORT_FORM_TAGS.keys()) {
    const name = tag.slice(1);
    lines.push(
      `  ${name}Plain: ${tag} arn:\${AWS::Partition}:s3:::b/*`,
      `  ${name}Quoted: ${tag} '123'`,
      `  ${name}Empty: ${tag}`,
      `  ${name}FlowList: ${tag} [a, !Ref B, [c, d]]`,
      `  ${name}FlowMap: ${tag} {a: 1, b: !Sub x}`,
      `  ${name}BlockList: ${tag}`,
      `    - a`,
      `    - ${tag} b`,
      `  ${name}BlockMap: ${tag}`,
      `    a: 1`,
      `    b: ${tag} [x]`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Each node's kind, tag, range and (for a scalar) value, in document order. */
function shape(text: string, options: object): string[] {
  const out: string[] = [];
  visit(parseDocument(text, options).contents, {
    Node(_, node: Node) {
      const kind = isMap(node) ? 'map' : isSeq(node) ? 'seq' : isScalar(node) ? `scalar ${JSON.stringify(node.value)}` : 'other';
      out.push(`${kind} ${node.tag ?? ''} ${JSON.stringify(node.range)}`);
    },
  });
  return out;
}

test('the short-form tags cost the yaml package no warning, and each tagged value reads as an unknown tag does', () => {
  const text = taggedTemplate();
  const unregistered = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  const registered = parseDocument(text, YAML_PARSE_OPTIONS);
  // Without the registration, one warning per tagged node (each `!` in the text starts a tag): the work this saves.
  assert.equal(unregistered.warnings.length, text.split('!').length - 1);
  assert.deepEqual(registered.warnings, []);
  assert.deepEqual(registered.errors, []);
  assert.deepEqual(shape(text, YAML_PARSE_OPTIONS), shape(text, { uniqueKeys: false, prettyErrors: false }));
});
