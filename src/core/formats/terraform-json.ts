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
import { JsonNode, pointerSegment } from '../document/tree';
import { findPastedCharacters } from '../document/pasted';
import { ScanError, Token, createScanner } from './json/scanner';
import { type HeldPolicies, readString } from './strings';

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

const POLICY_KEYS = new Set(['policy', 'assume_role_policy', 'json', 'content']);

/** Attributes whose unknown value is a policy unknown: any resource's `policy` and `assume_role_policy`, and two by type. */
function holdsPolicy(key: string, type: string): boolean {
  if (key === 'policy' || key === 'assume_role_policy') return true;
  return (key === 'json' && type === 'aws_iam_policy_document') || (key === 'content' && type === 'aws_organizations_policy');
}

interface Frame {
  role: Role;
  array: boolean;
  /** The member's key (objects), or the next item's index (arrays). */
  key: string;
  count: number;
  keyOffset: number;
  /** A resource or resource change: its address, type and what was found in it. */
  owner?: Owner;
}

interface Owner {
  address: string;
  type: string;
  change: boolean;
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

const MFA_KEY = 'aws:MultiFactorAuthPresent';
/** The test strings.ts applies, without the string's leading blanks skipped twice. */
const mayHold = (v: string) => v.includes('Statement') || v.includes(MFA_KEY);

/** A segment of the JSON pointer of each open container's current member, joined. */
function pointerOf(stack: readonly Frame[]): string {
  let out = '';
  for (let k = 1; k < stack.length; k++) {
    const parent = stack[k - 1]!;
    out += `/${parent.array ? parent.count : pointerSegment(parent.key)}`;
  }
  const last = stack[stack.length - 1]!;
  return `${out}/${last.array ? last.count : pointerSegment(last.key)}`;
}

/** A scalar value in `frame`: an address or type of its owner, a string that may hold a policy, an unknown mark. */
function scalar(stack: readonly Frame[], token: Token, value: string, offset: number, length: number): void {
  const frame = stack[stack.length - 1]!;
  const owner = frame.owner;
  if (!owner) return;
  if ((frame.role === Role.Resource || frame.role === Role.Change) && token === Token.String) {
    if (frame.key === 'address') owner.address = value;
    else if (frame.key === 'type') owner.type = value;
  } else if (frame.role === Role.Values && token === Token.String && mayHold(value)) {
    const node = new JsonNode('string', offset, value);
    node.length = length;
    owner.strings.push({ node, pointer: pointerOf(stack) });
  } else if (frame.role === Role.Unknown && !frame.array && token === Token.Word && value === 'true' && POLICY_KEYS.has(frame.key)) {
    // Every change marks its id and arn unknown: only a policy attribute's mark is kept (its type is checked at the end).
    const from = frame.keyOffset;
    owner.unknown.push({ key: frame.key, offset: from, length: offset + length - from, pointer: pointerOf(stack) });
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
  const scanner = createScanner(text);
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
    if (scanner.error !== ScanError.None || expect === Expect.End) return undefined;
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
        frame!.key = scanner.value;
        frame!.keyOffset = scanner.offset;
        if (frame!.role === Role.Top && childRole(Role.Top, frame!.key) !== Role.Other) planKeys++;
        if (scanner.scan() !== Token.Colon) return undefined;
        expect = Expect.Value;
      }
    } else if (frame?.array && token === Token.CloseBracket && frame.count === 0) close();
    else if (token === Token.OpenBrace || token === Token.OpenBracket) {
      const role = !frame ? Role.Top : frame.array ? itemRole(frame.role) : childRole(frame.role, frame.key);
      const owns = token === Token.OpenBrace && (role === Role.Resource || role === Role.Change);
      const owner = owns ? { address: '', type: '', change: role === Role.Change, strings: [], unknown: [] } : frame?.owner;
      stack.push({ role, array: token === Token.OpenBracket, key: '', count: 0, keyOffset: -1, owner });
      expect = token === Token.OpenBracket ? Expect.Value : Expect.Key;
    } else if (token === Token.String || token === Token.Number || isLiteral(token, scanner.value)) {
      if (!frame) return undefined;
      scalar(stack, token, scanner.value, scanner.offset, scanner.length);
      expect = Expect.After;
    } else return undefined;
  }
  if (expect !== Expect.End || !planKeys) return undefined;
  return collect(text, found);
}

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

const isLiteral = (token: Token, value: string) => token === Token.Word && (value === 'true' || value === 'false' || value === 'null');

/**
 * The strings and unknown marks found, as held policies: a resource of planned_values that
 * resource_changes lists too is left to its change (the same value, judged once, beside its
 * after_unknown).
 */
function collect(text: string, found: Found): HeldPolicies {
  const held: HeldPolicies = { pieces: [], unreadable: [] };
  for (const o of found.owners) {
    if (!o.change && found.changed.has(o.address)) continue;
    for (const s of o.strings) readString(text, s.node, s.pointer, 'plain', held);
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
