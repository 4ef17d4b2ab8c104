/**
 * Terraform's JSON: the plan (and state) that `terraform show -json` writes. A plan holds every
 * policy as a resolved string, and it reaches tens of megabytes, most of it resources that hold no
 * policy; so a plan is not built into a tree. One scan with the JSON scanner keeps only the strings
 * that may hold a policy, in the places that say what will be deployed, and the `after_unknown`
 * marks of policy attributes; each string is then read as any held policy is (./strings.ts).
 *
 * What is judged (docs/decisions/terraform-plans.md): `resource_changes[].change.after`, beside its
 * `after_unknown`; `planned_values` (and a state's `values`) only for resources that
 * resource_changes does not list, so a policy is reported once. `before`, `prior_state`,
 * `configuration`, `resource_drift` and outputs are not judged: they are not what the plan deploys.
 */
import { JsonNode, JsonProperty, getProp, getValue, pointerSegment, unknownNode } from '../document/tree';
import { findPastedCharacters } from '../document/pasted';
import { MFA_KEY } from '../document/policy-sign';
import { Token } from './json/scanner';
import { type HeldPolicies, readString } from './strings';
import type { LintOptions, LintResult } from '../types';
import { lintDocument } from '../lint';
import { readResult } from '../embedded-lint';
// A statement's attributes of `aws_iam_policy_document` and the policy keys Terraform renders them as.
import { STATEMENT_KEYS } from './hcl/document';
// Its policy documents' fixes are written in the provider's attributes (the writer registers itself).
import './terraform-json-writer';

/** What a container of the plan is, by where it stands; its strings are read only in VALUES. */
const enum Role {
  Other,
  Top,
  /** planned_values, or a state's values: holds root_module. */
  Planned,
  Module,
  Modules,
  Resources,
  Resource,
  Changes,
  Change,
  ChangeBody,
  /** Values that will be deployed: every string in it is read by content. */
  Values,
  /** after_unknown: a `true` under a policy attribute's key is a policy not known before apply. */
  Unknown,
}

/** The role of a member's value, by its container's role and the member's key. */
function childRole(parent: Role, key: string): Role {
  switch (parent) {
    case Role.Top:
      return key === 'planned_values' || key === 'values' ? Role.Planned : key === 'resource_changes' ? Role.Changes : Role.Other;
    case Role.Planned:
      return key === 'root_module' ? Role.Module : Role.Other;
    case Role.Module:
      return key === 'resources' ? Role.Resources : key === 'child_modules' ? Role.Modules : Role.Other;
    case Role.Resource:
      return key === 'values' ? Role.Values : Role.Other;
    case Role.Change:
      return key === 'change' ? Role.ChangeBody : Role.Other;
    case Role.ChangeBody:
      return key === 'after' ? Role.Values : key === 'after_unknown' ? Role.Unknown : Role.Other;
    case Role.Values:
    case Role.Unknown:
      return parent;
    default:
      return Role.Other;
  }
}

/** The role of an array's items. */
function itemRole(parent: Role): Role {
  if (parent === Role.Modules) return Role.Module;
  if (parent === Role.Resources) return Role.Resource;
  if (parent === Role.Changes) return Role.Change;
  return parent === Role.Values || parent === Role.Unknown ? parent : Role.Other;
}

const POLICY_KEYS = new Set(['policy', 'assume_role_policy', 'content']);

/** Attributes whose unknown value is a policy unknown: any resource's `policy` and `assume_role_policy`, and an SCP's `content`. */
function holdsPolicy(key: string, type: string): boolean {
  if (key === 'policy' || key === 'assume_role_policy') return true;
  return key === 'content' && type === 'aws_organizations_policy';
}

interface Frame {
  role: Role;
  array: boolean;
  /** The member's key (objects), or the next item's index (arrays). */
  key: string;
  count: number;
  keyOffset: number;
  keyLength: number;
  /** A resource or resource change: its address, type and what was found in it. */
  owner?: Owner;
}

interface Owner {
  address: string;
  type: string;
  change: boolean;
  /** A data source (`mode: "data"`): what it reads is not deployed; the resource that uses its policy is judged. */
  data: boolean;
  strings: Array<{ node: JsonNode; pointer: string }>;
  unknown: Array<{ key: string; offset: number; length: number; pointer: string }>;
}

/** The cheap test before the scan: an object whose first member is format_version (as Terraform writes it). */
export function looksLikePlan(text: string): boolean {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) <= 0x20 || text.charCodeAt(i) === 0xfeff)) i++;
  if (text[i++] !== '{') return false;
  while (i < text.length && text.charCodeAt(i) <= 0x20) i++;
  return (
    text.startsWith('"format_version"', i) &&
    (text.includes('"planned_values"') || text.includes('"resource_changes"') || text.includes('"root_module"'))
  );
}

/** A file of Terraform's JSON syntax, by its name. */
export const isTerraformJson = (fileName: unknown): boolean => typeof fileName === 'string' && fileName.toLowerCase().endsWith('.tf.json');

/** A segment of the JSON pointer of each open container's current member, joined. */
function pointerOf(text: string, stack: readonly Frame[]): string {
  let out = '';
  for (const f of stack) out += `/${f.array ? f.count : pointerSegment(keyOf(text, f))}`;
  return out;
}

/** A member's key: decoded when the scan needed it, else from its source. */
const keyOf = (text: string, f: Frame): string =>
  f.key || f.keyLength <= 2 ? f.key : decodeString(text, f.keyOffset, f.keyOffset + f.keyLength);

/** A JSON string literal's value, [from, to) with its quotes: a slice unless it holds an escape. */
function decodeString(text: string, from: number, to: number): string {
  const raw = text.slice(from + 1, to - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(from, to)) as string) : raw;
}

/** Roles whose members' keys decide where the scan stands (or which attribute a mark is on): their keys are decoded. */
const keyed = (role: Role): boolean => role !== Role.Other && role !== Role.Values;

/**
 * Where the next "Statement" or MFA key stands, for strings visited in text order: each search
 * starts where the last one ended, so that all of them together read the text once (a search per
 * string to the end of the text would be quadratic).
 */
class Signs {
  #statement = -1;
  #mfa = -1;
  constructor(readonly text: string) {}
  /** Does the string literal [from, to) name what a policy holds? */
  within(from: number, to: number): boolean {
    if (this.#statement < from && this.#statement !== Infinity) this.#statement = this.#next('Statement', from);
    if (this.#mfa < from && this.#mfa !== Infinity) this.#mfa = this.#next(MFA_KEY, from);
    return this.#statement < to || this.#mfa < to;
  }
  #next(word: string, from: number): number {
    const at = this.text.indexOf(word, from);
    return at < 0 ? Infinity : at;
  }
}

const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const PUNCTUATION: Record<string, Token> = {
  '{': Token.OpenBrace,
  '}': Token.CloseBrace,
  '[': Token.OpenBracket,
  ']': Token.CloseBracket,
  ',': Token.Comma,
  ':': Token.Colon,
};
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isWordChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2e || c === 0x2d || c === 0x2b || c === 0x5f;

/**
 * The plan's tokens, strict JSON, allocating nothing per token (a 50 MB plan has ten million):
 * anything that is not (a comment, a bad escape, a control character in a string, a bare word) is
 * Token.Unexpected, and the JSON front-end reads the plan instead and reports it. `Word` is only
 * true, false or null.
 */
class Lexer {
  offset = 0;
  length = 0;
  #pos = 0;
  constructor(readonly text: string) {}

  scan(): Token {
    const t = this.text;
    let i = this.#pos;
    for (let c = t.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = t.charCodeAt(++i));
    this.offset = i;
    let token: Token;
    if (i >= t.length) token = Token.EOF;
    else if (t[i] === '"') {
      const end = this.#stringEnd(i);
      token = end < 0 ? Token.Unexpected : Token.String;
      i = end < 0 ? i : end;
    } else if (PUNCTUATION[t[i]!] !== undefined) {
      token = PUNCTUATION[t[i]!]!;
      i++;
    } else {
      let j = i;
      while (isWordChar(t.charCodeAt(j))) j++;
      NUMBER.lastIndex = i;
      const literal = t.startsWith(j - i === 4 ? (t[i] === 't' ? 'true' : 'null') : 'false', i) && (j - i === 4 || j - i === 5);
      token = literal ? Token.Word : NUMBER.test(t) && NUMBER.lastIndex === j && j > i ? Token.Number : Token.Unexpected;
      i = j;
    }
    this.length = i - this.offset;
    this.#pos = i;
    return token;
  }

  /** The end of the string literal opening at `i` (after its closing quote), or -1 when it is not valid JSON. */
  #stringEnd(i: number): number {
    const t = this.text;
    let j = i + 1;
    for (;;) {
      STRING_RUN.lastIndex = j;
      STRING_RUN.test(t);
      j = STRING_RUN.lastIndex;
      const c = t.charCodeAt(j);
      if (c === 0x22) return j + 1;
      if (c !== 0x5c) return -1;
      const e = t[j + 1];
      if (e === 'u') {
        if (!(isHex(t.charCodeAt(j + 2)) && isHex(t.charCodeAt(j + 3)) && isHex(t.charCodeAt(j + 4)) && isHex(t.charCodeAt(j + 5))))
          return -1;
        j += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) j += 2;
      else return -1;
    }
  }

  /** The current string's value. */
  get value(): string {
    return decodeString(this.text, this.offset, this.offset + this.length);
  }
}

/** A scalar value in `frame`: an address or type of its owner, a string that may hold a policy, an unknown mark. */
function scalar(stack: readonly Frame[], token: Token, lexer: Lexer, signs: Signs): void {
  const frame = stack[stack.length - 1]!;
  const owner = frame.owner;
  if (!owner) return;
  const { text, offset, length } = lexer;
  if ((frame.role === Role.Resource || frame.role === Role.Change) && token === Token.String) {
    if (frame.key === 'address') owner.address = lexer.value;
    else if (frame.key === 'type') owner.type = lexer.value;
    else if (frame.key === 'mode') owner.data = lexer.value === 'data';
  } else if (frame.role === Role.Values && token === Token.String && signs.within(offset, offset + length)) {
    const node = new JsonNode('string', offset, lexer.value);
    node.length = length;
    owner.strings.push({ node, pointer: pointerOf(text, stack) });
  } else if (frame.role === Role.Unknown && !frame.array && token === Token.Word && text[offset] === 't' && POLICY_KEYS.has(frame.key)) {
    // Every change marks its id and arn unknown: only a policy attribute's mark is kept (its type is checked at the end).
    const from = frame.keyOffset;
    owner.unknown.push({ key: frame.key, offset: from, length: offset + length - from, pointer: pointerOf(text, stack) });
  }
}

const enum Expect {
  Value,
  Key,
  /** A comma or the container's end. */
  After,
  End,
}

/**
 * The policies a plan (or state) of `terraform show -json` holds, and its policies that are unknown
 * until apply. Undefined when the text is not such a plan, or has any syntax problem or pasted
 * character: the JSON front-end then reads it and reports them.
 */
export function planPolicies(text: string): HeldPolicies | undefined {
  if (findPastedCharacters(text).length) return undefined;
  const scanner = new Lexer(text);
  const signs = new Signs(text);
  const stack: Frame[] = [];
  // Only what holds a policy is kept: a plan has tens of thousands of resources, a few hundred policies.
  const found = new Found();
  let planKeys = 0;
  let expect = Expect.Value as Expect;
  const close = () => {
    const f = stack.pop()!;
    if (f.owner && f.owner !== stack[stack.length - 1]?.owner) found.add(f.owner);
    expect = stack.length ? Expect.After : Expect.End;
  };
  for (let token = scanner.scan(); token !== Token.EOF; token = scanner.scan()) {
    if (expect === Expect.End) return undefined;
    const frame = stack[stack.length - 1];
    if (expect === Expect.After) {
      if (token === Token.Comma) {
        frame!.count++;
        expect = frame!.array ? Expect.Value : Expect.Key;
      } else if (token === (frame!.array ? Token.CloseBracket : Token.CloseBrace)) close();
      else return undefined;
    } else if (expect === Expect.Key) {
      if (token === Token.CloseBrace && frame!.count === 0) close();
      else if (token !== Token.String) return undefined;
      else {
        frame!.key = keyed(frame!.role) ? scanner.value : '';
        frame!.keyOffset = scanner.offset;
        frame!.keyLength = scanner.length;
        if (frame!.role === Role.Top && childRole(Role.Top, frame!.key) !== Role.Other) planKeys++;
        if (scanner.scan() !== Token.Colon) return undefined;
        expect = Expect.Value;
      }
    } else if (frame?.array && token === Token.CloseBracket && frame.count === 0) close();
    else if (token === Token.OpenBrace || token === Token.OpenBracket) {
      const role = !frame ? Role.Top : frame.array ? itemRole(frame.role) : childRole(frame.role, frame.key);
      const owns = token === Token.OpenBrace && (role === Role.Resource || role === Role.Change);
      const owner = owns ? { address: '', type: '', change: role === Role.Change, data: false, strings: [], unknown: [] } : frame?.owner;
      stack.push({ role, array: token === Token.OpenBracket, key: '', count: 0, keyOffset: -1, keyLength: 0, owner });
      expect = token === Token.OpenBracket ? Expect.Value : Expect.Key;
    } else if (token === Token.String || token === Token.Number || token === Token.Word) {
      if (!frame) return undefined;
      scalar(stack, token, scanner, signs);
      expect = Expect.After;
    } else return undefined;
  }
  if (expect !== Expect.End || !planKeys) return undefined;
  return collect(text, found);
}

/** A policy that its resource attaches only to a role: an aws_iam_role_policy's, an aws_iam_role's inline policies (not its trust policy). */
const roleOnly = (type: string, pointer: string): boolean =>
  (type === 'aws_iam_role_policy' && pointer.endsWith('/policy')) || (type === 'aws_iam_role' && pointer.includes('/inline_policy/'));

/**
 * The resources and changes that hold a policy string or an unknown mark, and the addresses of the
 * changes that supersede one of planned_values (all change addresses when a change comes first,
 * which Terraform never writes).
 */
class Found {
  readonly owners: Owner[] = [];
  readonly changed = new Set<string>();
  readonly #planned = new Set<string>();
  #plannedSeen = false;
  add(o: Owner): void {
    if (o.change) {
      if (this.#planned.has(o.address) || !this.#plannedSeen) this.changed.add(o.address);
    } else {
      this.#plannedSeen = true;
      // planned_values after resource_changes: its resource is superseded if a change was seen for it.
      if (this.changed.has(o.address)) return;
    }
    if (!o.strings.length && !o.unknown.length) return;
    if (!o.change) this.#planned.add(o.address);
    this.owners.push(o);
  }
}

/**
 * The strings and unknown marks found, as held policies: a resource of planned_values that
 * resource_changes lists too is left to its change (the same value, judged once, beside its
 * after_unknown).
 */
function collect(text: string, found: Found): HeldPolicies {
  const held: HeldPolicies = { pieces: [], unreadable: [] };
  for (const o of found.owners) {
    if (o.data || (!o.change && found.changed.has(o.address))) continue;
    for (const s of o.strings) {
      const before = held.pieces.length;
      readString(text, s.node, s.pointer, 'plain', held);
      if (held.pieces.length > before && roleOnly(o.type, s.pointer)) held.pieces[before]!.role = true;
    }
    for (const u of o.unknown) {
      if (!holdsPolicy(u.key, o.type)) continue;
      held.unreadable.push({
        offset: u.offset,
        length: u.length,
        what: `the ${u.key} of ${o.address || 'a resource'} (at ${u.pointer})`,
        why: 'the plan marks it unknown until apply (after_unknown), so the policy that will be deployed cannot be checked here',
      });
    }
  }
  return held;
}

/** A value of the tf.json file as it stands in the rendered policy: an interpolated string is an unknown value; a number or boolean, the string Terraform makes of it. */
function renderScalar(text: string, node: JsonNode): JsonNode {
  if (node.type === 'string' && (node.value as string).includes('${'))
    return unknownNode(node.offset, text.slice(node.offset, node.offset + node.length));
  if (node.type !== 'number' && node.type !== 'boolean') return node;
  const copy = new JsonNode('string', node.offset, text.slice(node.offset, node.offset + node.length));
  copy.length = node.length;
  return copy;
}

/** A list attribute (`actions`, `values`, `identifiers`): its items rendered; a whole interpolation (`"${var.actions}"`) is an unknown value. */
function renderList(text: string, node: JsonNode): JsonNode {
  if (node.type !== 'array') return renderScalar(text, node);
  const list = new JsonNode('array', node.offset, null);
  list.length = node.length;
  list.items = node.items!.map((item) => renderScalar(text, item));
  return list;
}

/** A block written once (an object) or repeated (an array of objects), as Terraform's JSON syntax allows. */
const blocks = (node: JsonNode | undefined): JsonNode[] =>
  !node ? [] : node.type === 'object' ? [node] : node.type === 'array' ? node.items!.filter((i) => i.type === 'object') : [];

/** A member of a rendered object, its key standing on the attribute's key in the file. */
function member(prop: JsonProperty, key: string, value: JsonNode): JsonProperty {
  const p = new JsonProperty(key, prop.keyOffset, prop.keyLength);
  p.value = value;
  p.end = prop.end;
  return p;
}

/** An object node over `at`'s range with `props`. */
function objectOver(at: JsonNode, props: JsonProperty[]): JsonNode {
  const node = new JsonNode('object', at.offset, null);
  node.length = at.length;
  node.props = props;
  return node;
}

/** `principals { type, identifiers }` blocks as Principal: { type: identifiers } (type "*" with identifiers "*" is "*"). */
function renderPrincipals(text: string, prop: JsonProperty, key: string): JsonProperty {
  const props: JsonProperty[] = [];
  for (const b of blocks(prop.value)) {
    const type = getProp(b, 'type');
    const ids = getProp(b, 'identifiers');
    if (!type?.value || !ids?.value) continue;
    if (type.value.value === '*') return member(prop, key, renderScalar(text, type.value));
    props.push(member(type, String(type.value.value), renderList(text, ids.value)));
  }
  return member(prop, key, objectOver(prop.value!, props));
}

/** A member whose key stands on its value's range. */
function onValue(prop: JsonProperty): JsonProperty {
  const p = new JsonProperty(prop.key, prop.value!.offset, prop.value!.length);
  p.value = prop.value;
  p.end = prop.end;
  return p;
}

/** `condition { test, variable, values }` blocks as Condition: { test: { variable: values } }, tests merged as Terraform merges them. */
function renderConditions(text: string, prop: JsonProperty): JsonProperty {
  const tests: JsonProperty[] = [];
  for (const b of blocks(prop.value)) {
    const test = getProp(b, 'test');
    const variable = getProp(b, 'variable');
    const values = getProp(b, 'values');
    if (test?.value?.type !== 'string' || variable?.value?.type !== 'string' || !values?.value) continue;
    let byTest = tests.find((t) => t.key === test.value!.value);
    // The operator and the key stand on their values in the file ("Bool", "aws:MultiFactorAuthPresent"): where a fix would be written.
    if (!byTest) tests.push((byTest = member(onValue(test), test.value.value as string, objectOver(b, []))));
    byTest.value!.props!.push(member(onValue(variable), variable.value.value as string, renderList(text, values.value)));
  }
  return member(prop, 'Condition', objectOver(prop.value!, tests));
}

/** One `statement` block as the statement Terraform renders (Effect "Allow" where it has none). */
function renderStatement(text: string, block: JsonNode): JsonNode {
  const props: JsonProperty[] = [];
  for (const p of block.props!) {
    if (!p.value) continue;
    const key = STATEMENT_KEYS[p.key];
    if (key) props.push(member(p, key, key === 'Sid' || key === 'Effect' ? renderScalar(text, p.value) : renderList(text, p.value)));
    else if (p.key === 'principals' || p.key === 'not_principals')
      props.push(renderPrincipals(text, p, p.key === 'principals' ? 'Principal' : 'NotPrincipal'));
    else if (p.key === 'condition') props.push(renderConditions(text, p));
  }
  if (!props.some((p) => p.key === 'Effect')) {
    const allow = new JsonNode('string', block.offset, 'Allow');
    props.unshift(Object.assign(new JsonProperty('Effect', block.offset, 0), { value: allow }));
  }
  return objectOver(block, props);
}

/**
 * A `data.aws_iam_policy_document` of a `*.tf.json` file as the policy Terraform renders from it,
 * each node on the source that makes it. Documents merged in (`source_policy_documents`,
 * `override_policy_documents`) are references: one unknown statement stands for them.
 */
export function renderPolicyDocument(text: string, doc: JsonNode): JsonNode {
  const statementProp = getProp(doc, 'statement');
  const over = statementProp?.value ?? doc;
  const statements = new JsonNode('array', over.offset, null);
  statements.length = over.length;
  statements.items = blocks(statementProp?.value).map((b) => renderStatement(text, b));
  const props: JsonProperty[] = [];
  for (const p of doc.props!) {
    if (!p.value) continue;
    if (p.key === 'version') props.push(member(p, 'Version', renderScalar(text, p.value)));
    else if (p.key === 'source_policy_documents' || p.key === 'override_policy_documents')
      statements.items.push(unknownNode(p.value.offset, text.slice(p.value.offset, p.value.offset + p.value.length)));
  }
  const key = statementProp ?? new JsonProperty('Statement', doc.offset, 0);
  props.push(member(key, 'Statement', statements));
  return objectOver(doc, props);
}

/** The `data.aws_iam_policy_document` blocks of a `*.tf.json` tree, rendered, under a root that keeps their place (`/data/aws_iam_policy_document/<name>`). */
export function policyDocuments(text: string, root: JsonNode | undefined): { root: JsonNode; known: Set<JsonNode> } | undefined {
  const data = getValue(root, 'data');
  const known = new Set<JsonNode>();
  const byName: JsonProperty[] = [];
  for (const d of blocks(data)) {
    const docs = getProp(d, 'aws_iam_policy_document');
    for (const named of blocks(docs?.value))
      for (const p of named.props!)
        for (const block of blocks(p.value)) {
          const rendered = renderPolicyDocument(text, block);
          known.add(rendered);
          byName.push(member(p, p.key, rendered));
        }
  }
  if (!byName.length) return undefined;
  const type = member(getProp(blocks(data)[0], 'aws_iam_policy_document')!, 'aws_iam_policy_document', objectOver(data!, byName));
  return { root: objectOver(root!, [member(getProp(root, 'data')!, 'data', objectOver(data!, [type]))]), known };
}

/**
 * The rendered `aws_iam_policy_document`s of a `*.tf.json` file, linted as the policies Terraform
 * makes of them. Their fixes are written in the blocks' attributes, as JSON (`"test": "BoolIfExists"`,
 * a new `statement` block with `not_actions` and a `condition` list: ./terraform-json-writer.ts).
 */
export function lintPolicyDocuments(text: string, root: JsonNode | undefined, options: LintOptions): LintResult | undefined {
  const docs = policyDocuments(text, root);
  if (!docs) return undefined;
  const parsed = readResult({ root: docs.root, policyRoots: docs.known, writes: 'tf-json' });
  return lintDocument(text, parsed, { ...options, format: 'json', fileName: undefined });
}
