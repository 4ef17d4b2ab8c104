/**
 * Where a finding stands, in the words of an ignore entry: the JSON pointer of a value that holds it,
 * or the Sid of the statement that holds it. Read from the file's own tree (JSON and YAML files,
 * CloudFormation templates included); in Markdown, Terraform and policy strings an entry names the
 * file and the rule only. Every walk is a loop over the tree (no recursion: nesting is the file's).
 */
import { formatOf, parse } from '../document/parse';
import { isTerraformName } from '../document/parse';
import { getValue, pointerSegment, type JsonNode } from '../document/tree';
import { isPartition, type LintOptions } from '../types';

/** The file's tree when its findings can be placed by pointer and Sid, else undefined. Never throws. */
export function placeTree(text: string, options: LintOptions): JsonNode | undefined {
  const name = typeof options.fileName === 'string' ? options.fileName.toLowerCase() : '';
  if (isTerraformName(name) || name.endsWith('.tpl')) return undefined;
  try {
    const format = formatOf(text, options);
    if (format !== 'json' && format !== 'yaml') return undefined;
    return parse(text, format, isPartition(options.partition) ? options.partition : 'aws', options.fileName).root;
  } catch {
    // The YAML reader is not loaded: the findings cannot be placed.
    return undefined;
  }
}

/** RFC 6901: "" is the whole document; "/a/0" a member, then an item. */
export function resolvePointer(root: JsonNode, pointer: string): JsonNode | undefined {
  if (pointer === '') return root;
  let node: JsonNode | undefined = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node?.type === 'object') node = getValue(node, segment);
    else if (node?.type === 'array' && /^(0|[1-9]\d{0,8})$/.test(segment)) node = node.items![Number(segment)];
    else return undefined;
  }
  return node;
}

/** The objects whose `Sid` is this string (statements, wherever they stand). */
export function statementsWithSid(root: JsonNode, sid: string): JsonNode[] {
  const out: JsonNode[] = [];
  const stack: JsonNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      const value = getValue(node, 'Sid');
      if (value?.type === 'string' && value.value === sid) out.push(node);
      for (const p of node.props!) if (p.value) stack.push(p.value);
    } else if (node.type === 'array') stack.push(...node.items!);
  }
  return out;
}

/** Does the node's text hold this offset (its end included: a finding may stand at a closing brace)? */
export const holds = (node: JsonNode, offset: number): boolean => offset >= node.offset && offset <= node.offset + node.length;

export interface FindingPlace {
  /** The Sid of the statement holding the offset, when it has one. */
  sid?: string;
  /** Else the pointer of the statement holding it. */
  pointer?: string;
}

/**
 * The statement that holds an offset, named by its Sid when it has one (stable when statements are
 * reordered), else by its pointer; {} when the offset is in no statement (a policy-wide finding).
 */
export function findingPlace(root: JsonNode | undefined, offset: number): FindingPlace {
  let place: FindingPlace = {};
  let node = root;
  let pointer = '';
  let inStatements = false;
  while (node && (node.type === 'object' || node.type === 'array')) {
    let next: JsonNode | undefined;
    let key: string;
    if (node.type === 'object') {
      const prop = node.props!.find((p) => p.value && holds(p.value, offset));
      [next, key] = [prop?.value, prop?.key ?? ''];
    } else {
      const index = node.items!.findIndex((item) => holds(item, offset));
      [next, key] = [node.items![index], String(index)];
    }
    if (!next) break;
    pointer += `/${pointerSegment(key)}`;
    // A policy's Statement: an array of statements, or one statement object.
    const statementKey = node.type === 'object' && key === 'Statement';
    if (next.type === 'object' && (inStatements || statementKey)) {
      const sid = getValue(next, 'Sid');
      place = sid?.type === 'string' && sid.value !== '' ? { sid: sid.value as string } : { pointer };
    }
    inStatements = statementKey && next.type === 'array';
    node = next;
  }
  return place;
}

/** findingPlace in a file's text, as it was linted (the editor's "Ignore this finding" names the finding this way). */
export function placeOfFinding(text: string, options: LintOptions, offset: number): FindingPlace {
  return findingPlace(placeTree(text, options), offset);
}
