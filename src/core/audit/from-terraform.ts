/**
 * A Terraform module's users, groups, memberships and policies as the audit's facts
 * (./template-model.ts): aws_iam_user, aws_iam_group, aws_iam_user_group_membership,
 * aws_iam_group_membership, aws_iam_user_policy, aws_iam_group_policy, aws_iam_policy and its
 * attachments (aws_iam_user_policy_attachment, aws_iam_group_policy_attachment,
 * aws_iam_policy_attachment). The blocks that hold no statement are read from the text, as
 * ../formats/hcl/roles.ts reads attachments (the HCL front-end's tree leaves them out); the policy
 * documents come from the front-end (../formats/hcl/terraform.ts): aws_iam_policy_document data
 * sources, jsonencode trees, JSON heredocs and strings. A reference to a resource the module declares
 * is followed (`aws_iam_user.alice.name`); a variable, a local or a function's result stays unknown.
 */
import { JsonNode, getValue, unknownNode } from '../document/tree';
import { parseJson } from '../formats/json/builder';
import { resources, type Resource } from '../formats/hcl/roles';
import type { TerraformPolicies } from '../formats/hcl/terraform';
import type { PolicyText } from './model';
import { type Target, TemplateFacts } from './template-model';

/** A top-level attribute of a block: its name, its value's text and where the value starts. */
interface Attribute {
  name: string;
  value: string;
  at: number;
}

/**
 * The block's top-level attributes, as `terraform fmt` writes them: `name = value` lines at the
 * block's first level; a value that opens a bracket runs to the line where it closes.
 */
function attributes(text: string, block: Resource): Attribute[] {
  const out: Attribute[] = [];
  let depth = 0;
  let open: Attribute | undefined;
  const start = text.indexOf('\n', block.from) + 1;
  for (let at = start; at > 0 && at < block.to;) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 || nl > block.to ? block.to : nl;
    const line = text.slice(at, end);
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq).trim() : '';
    if (depth === 0 && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) && line[eq + 1] !== '=') {
      open = { name, value: line.slice(eq + 1).trim(), at: at + eq + 1 };
      out.push(open);
    } else if (depth > 0 && open) open.value += `\n${line}`;
    for (const c of line) depth += c === '[' || c === '{' || c === '(' ? 1 : c === ']' || c === '}' || c === ')' ? -1 : 0;
    if (depth <= 0) {
      depth = 0;
      open = undefined;
    }
    at = end + 1;
  }
  return out;
}

const REFERENCE = /^(?:data\.)?(aws_iam_[a-z_]+)\.([A-Za-z0-9_-]+)(?:\.([a-z_]+))?$/;

/** The items of a value: a list's items or the value itself, each a quoted literal or an expression's text. */
function itemsOf(value: string): string[] {
  const v = value.trim();
  const inner = v.startsWith('[') && v.endsWith(']') ? v.slice(1, -1) : v;
  return inner
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('#') && !s.startsWith('//'));
}

const DECLARED = new Set(['aws_iam_user', 'aws_iam_group', 'aws_iam_policy']);

function targetOf(item: string): Target {
  if (item.length > 1 && item.startsWith('"') && item.endsWith('"') && !item.includes('${')) return { name: item.slice(1, -1) };
  const m = REFERENCE.exec(item);
  // Another file of the module may declare it: resolved once every file is read (./template-model.ts).
  return m && DECLARED.has(m[1]!) && m[3] !== 'json' ? { key: `${m[1]}.${m[2]}` } : { computed: item };
}

const targets = (value: string | undefined): Target[] => (value === undefined ? [] : itemsOf(value).map((i) => targetOf(i)));

/** The document of a block's `policy`: a policy document it names, its jsonencode tree, its JSON string; else unknown. */
function documentOf(block: Resource, policy: Attribute | undefined, found: TerraformPolicies | undefined): PolicyText {
  if (!policy) return undefined;
  const m = REFERENCE.exec(policy.value);
  const tree = (path: string[]): JsonNode | undefined => {
    let n: JsonNode | undefined = found?.root;
    for (const s of path) n = getValue(n, s);
    return n;
  };
  const named = m?.[1] === 'aws_iam_policy_document' && m[3] === 'json' ? tree(['data', 'aws_iam_policy_document', m[2]!]) : undefined;
  const own = named ?? tree(['resource', block.type, block.name, 'policy']);
  if (own?.type === 'object') return own;
  const pointer = `/resource/${block.type}/${block.name}/policy`;
  const piece = found?.pieces.find((p) => p.pointer === pointer);
  const parsed = piece ? parseJson(piece.text) : undefined;
  if (parsed?.root?.type === 'object' && !parsed.errors.length) return parsed.root;
  return unknownNode(policy.at, policy.value);
}

const literal = (a: Attribute | undefined): string | undefined => {
  const v = a?.value;
  return v && v.length > 1 && v.startsWith('"') && v.endsWith('"') && !v.includes('${') ? v.slice(1, -1) : undefined;
};

/** Reads one file of a module: `found` is what the HCL front-end read of its policies (undefined when it could not). */
export function readTerraform(text: string, found: TerraformPolicies | undefined, facts: TemplateFacts): void {
  const blocks = resources(text).filter((b) => b.type.startsWith('aws_iam_'));
  const attrs = new Map(blocks.map((b) => [b, new Map(attributes(text, b).map((a) => [a.name, a]))]));
  const place = (b: Resource) => ({ offset: b.from, length: text.indexOf('{', b.from) + 1 - b.from });
  for (const b of blocks) {
    const a = attrs.get(b)!;
    const key = `${b.type}.${b.name}`;
    if (b.type === 'aws_iam_user') facts.addUser(key, literal(a.get('name')) ?? key, literal(a.get('path')) ?? '/', place(b));
    else if (b.type === 'aws_iam_group') facts.addGroup(key, literal(a.get('name')) ?? key, place(b));
    else if (b.type === 'aws_iam_policy') facts.addManaged(key, literal(a.get('name')) ?? key, documentOf(b, a.get('policy'), found));
  }
  for (const b of blocks) {
    const a = attrs.get(b)!;
    const v = (name: string) => a.get(name)?.value;
    const policy = () => ({ name: literal(a.get('name')) ?? `${b.type}.${b.name}`, document: documentOf(b, a.get('policy'), found) });
    switch (b.type) {
      case 'aws_iam_user': {
        const boundary = v('permissions_boundary');
        if (boundary !== undefined) facts.setBoundary(`${b.type}.${b.name}`, targetOf(boundary));
        break;
      }
      case 'aws_iam_user_group_membership':
        for (const u of targets(v('user'))) facts.addMembership(u, targets(v('groups')));
        break;
      case 'aws_iam_group_membership':
        for (const u of targets(v('users'))) facts.addMembership(u, targets(v('group')));
        break;
      case 'aws_iam_user_policy':
        facts.addInline(targets(v('user')), [], policy());
        break;
      case 'aws_iam_group_policy':
        facts.addInline([], targets(v('group')), policy());
        break;
      case 'aws_iam_user_policy_attachment':
      case 'aws_iam_group_policy_attachment':
      case 'aws_iam_policy_attachment':
        for (const p of targets(v('policy_arn')))
          facts.attach(
            targets(v(b.type === 'aws_iam_policy_attachment' ? 'users' : 'user')),
            targets(v(b.type === 'aws_iam_policy_attachment' ? 'groups' : 'group')),
            p,
          );
        break;
    }
  }
}
