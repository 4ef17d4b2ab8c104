/**
 * Terraform's ways of naming the partition, the account and the region in an ARN, read as the
 * CloudFormation front-end reads `${AWS::Partition}` and `${AWS::AccountId}` (../cloudformation.ts
 * pseudoValue): the partition the linter is set to, any account, any region. A quoted string whose
 * every interpolation is one of these is a string again (`"arn:${data.aws_partition.current.partition}:iam::*:mfa/&{aws:username}"`);
 * any other interpolation keeps it unknown.
 */
import type { Partition } from '../../types';
import { JsonNode, getValue } from '../../document/tree';
import { literalText } from './values';
import type { HclNode } from './cst';
import { members } from './document';
import type { ModuleContext } from './module';

/** What references are read as: the configured partition, and the file's locals whose values are known (by name). */
interface Known {
  partition: Partition;
  locals: Map<string, string>;
}

/** The value of a data source attribute that ARNs are matched with, or of a known local, or undefined. */
function referenceValue(ref: string, known: Known): string | undefined {
  const parts = ref.split('.');
  if (parts.length === 2 && parts[0] === 'local') return known.locals.get(parts[1]!);
  const partition = known.partition;
  if (parts.length !== 4 || parts[0] !== 'data') return undefined;
  const [, source, , attr] = parts;
  if (source === 'aws_partition' && attr === 'partition') return partition;
  if (source === 'aws_partition' && attr === 'dns_suffix') return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  if (source === 'aws_caller_identity' && attr === 'account_id') return '*';
  if (source === 'aws_region' && (attr === 'name' || attr === 'region' || attr === 'id')) return '*';
  return undefined;
}

/** The value of text[from, to): a quoted template with its interpolations read by referenceValue, or a bare reference; undefined when one is not known. */
function templateValue(text: string, from: number, to: number, known: Known): string | undefined {
  // A bare reference: `values = [data.aws_caller_identity.current.account_id]`.
  if (text[from] !== '"' || text[to - 1] !== '"') return referenceValue(text.slice(from, to).trim(), known);
  let value = '';
  let kept = from + 1;
  for (let i = from + 1; i < to - 1; i++) {
    if (text[i] === '$' && text[i + 1] === '$' && text[i + 2] === '{') i += 2;
    else if (text[i] === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i);
      if (close < 0 || close >= to) return undefined;
      const v = referenceValue(text.slice(i + 2, close).trim(), known);
      if (v === undefined) return undefined;
      value += literalText(text, kept, i) + v;
      kept = close + 1;
      i = close;
    }
  }
  return value + literalText(text, kept, to - 1);
}

/**
 * The `locals` among a file's top-level `blocks` whose values are known, added to `locals`: a string, a
 * data source reference above, or a string made of those (`partition = data.aws_partition.current.partition`).
 * A local made from another local is not read.
 */
function readLocals(text: string, blocks: readonly HclNode[], partition: Partition, locals: Map<string, string>): void {
  const known: Known = { partition, locals: new Map() };
  for (const block of blocks) {
    if (block.type !== 'block' || text.slice(block.children[0]!.start, block.children[0]!.end) !== 'locals') continue;
    for (const m of members(text, block)) {
      if (!m.value || locals.has(m.name)) continue;
      const v = templateValue(text, m.value.start, m.value.end, known);
      if (v !== undefined) locals.set(m.name, v);
    }
  }
}

/**
 * Reads the references of a Terraform file's tree (./terraform.ts): in policy documents first, where the
 * provider renders IAM's `&{aws:username}` as `${aws:username}` (./document.ts), then everywhere else.
 * The locals are the file's and its module's other files' (./module.ts).
 */
export function readTerraformReferences(text: string, cst: HclNode, root: JsonNode, partition: Partition, module?: ModuleContext): void {
  const locals = new Map<string, string>();
  readLocals(text, cst.children.find((c) => c.type === 'body')?.children ?? [], partition, locals);
  for (const source of module?.sources ?? []) readLocals(source.text, source.top, partition, locals);
  const known: Known = { partition, locals };
  for (const kind of ['data', 'resource']) {
    const documents = getValue(getValue(root, kind), 'aws_iam_policy_document');
    if (documents) readReferences(text, documents, known, true);
  }
  readReferences(text, root, known, false);
}

/** Replaces, in the tree under `root`, the unknown strings whose interpolations are all known by their values. */
function readReferences(text: string, root: JsonNode, known: Known, document: boolean): void {
  const read = (n: JsonNode): JsonNode | undefined => {
    if (n.type !== 'unknown') return undefined;
    const v = templateValue(text, n.offset, n.offset + n.length, known);
    if (v === undefined) return undefined;
    const s = new JsonNode('string', n.offset, document ? v.replaceAll('&{', '${') : v);
    s.length = n.length;
    return s;
  };
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    const items = n.items ?? [];
    for (let i = 0; i < items.length; i++) {
      items[i] = read(items[i]!) ?? items[i]!;
      stack.push(items[i]!);
    }
    for (const p of n.props ?? []) {
      if (!p.value) continue;
      p.value = read(p.value) ?? p.value;
      stack.push(p.value);
    }
  }
}
