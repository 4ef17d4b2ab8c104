/**
 * Serverless Framework configuration: read only from a file named serverless.yml, serverless.yaml or
 * serverless.json (the name is what tells it from any other YAML). Its policies are bare lists of
 * statements (`provider.iam.role.statements`, the older `provider.iamRoleStatements`, a function's
 * `iamRoleStatements`), from which the framework builds a role policy with Version 2012-10-17; and
 * the CloudFormation resources under `resources.Resources`, whose policies stand where a template's do.
 *
 * A list of statements becomes a policy document: an object over the list's text with a `Statement`
 * member on the list's own key (so a fix that adds a statement appends to the list) and the Version
 * the framework writes (a zero-length member: nothing in the text to edit).
 *
 * A string holding a Serverless variable (`${self:custom.bucket}`, `${opt:stage}`, `${ssm:...}`) is
 * computed when the framework deploys: inside these policies it becomes an unknown node, like an
 * intrinsic function.
 */
import type { DocumentFormat } from '../types';
import { JsonNode, JsonProperty, getProp, getValue, unknownNode } from '../document/tree';
import { type Places, templatePolicies } from './cloudformation';

/** Is this file, by its name, a Serverless Framework configuration? */
export function isServerlessFileName(fileName: unknown, format: DocumentFormat): boolean {
  if (typeof fileName !== 'string') return false;
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1).toLowerCase();
  return format === 'yaml' ? base === 'serverless.yml' || base === 'serverless.yaml' : base === 'serverless.json';
}

/** A Serverless configuration's root: an object with `service` or `provider`. */
export function isServerlessConfig(root: JsonNode | undefined): boolean {
  return root?.type === 'object' && !!(getProp(root, 'service') || getProp(root, 'provider'));
}

/** The variable sources of the Serverless Framework whose values are known only at deploy time. */
const SOURCES = [
  'self:',
  'opt:',
  'env:',
  'ssm:',
  'cf:',
  'cf(',
  's3:',
  'file(',
  'sls:',
  'param:',
  'strToBool(',
  'aws:accountId',
  'aws:region',
];

/**
 * The policy documents of a Serverless configuration: its statement lists made documents (in the
 * tree, in place of the lists), and the policies of `resources.Resources`, added to `places`.
 */
export function serverlessPolicies(root: JsonNode, text: string, places: Places): void {
  const resources = getValue(root, 'resources');
  if (resources?.type === 'object') templatePolicies(resources, places);
  const provider = getValue(root, 'provider');
  const role = getValue(getValue(provider, 'iam'), 'role');
  const lists: Array<[JsonProperty | undefined, string]> = [
    [getProp(role, 'statements'), 'the statements of provider.iam.role'],
    [getProp(provider, 'iamRoleStatements'), 'the iamRoleStatements of provider'],
  ];
  const functions = getValue(root, 'functions');
  if (functions?.type === 'object')
    for (const f of functions.props!) lists.push([getProp(f.value, 'iamRoleStatements'), `the iamRoleStatements of function ${f.key}`]);
  for (const [prop, what] of lists) {
    const doc = statementsDocument(prop);
    // The framework gives these statements to the functions' execution role.
    if (doc) places.add(doc, true);
    const v = prop?.value;
    // A list the framework reads from elsewhere (`${file(./iam.yml)}`): nothing here to check.
    if (v?.type === 'string' && hasVariable(v.value as string))
      places.unreadable.push({
        offset: v.offset,
        length: v.length,
        what,
        why: 'a Serverless variable, which the framework resolves when it deploys',
      });
  }
  // The framework resolves its variables everywhere in the file, in the resources too.
  for (const doc of places.roots) markVariables(doc, text);
}

/** The member's list of statements as a policy document, put in the list's place in the tree. */
function statementsDocument(prop: JsonProperty | undefined): JsonNode | undefined {
  const list = prop?.value;
  if (!prop || list?.type !== 'array') return undefined;
  const doc = new JsonNode('object', list.offset, null);
  doc.length = list.length;
  const version = new JsonProperty('Version', list.offset, 0);
  version.value = new JsonNode('string', list.offset, '2012-10-17');
  const statement = new JsonProperty('Statement', prop.keyOffset, prop.keyLength);
  statement.value = list;
  statement.end = prop.end;
  doc.props = [version, statement];
  prop.value = doc;
  return doc;
}

/** Each string of the document that holds a Serverless variable becomes an unknown node (iteratively). */
function markVariables(doc: JsonNode, text: string): void {
  const stack: JsonNode[] = [doc];
  const swap = (n: JsonNode): JsonNode =>
    n.type === 'string' && hasVariable(n.value as string) ? unknownNode(n.offset, text.slice(n.offset, n.offset + n.length)) : n;
  while (stack.length) {
    const node = stack.pop()!;
    for (const p of node.props ?? []) {
      if (p.value) p.value = swap(p.value);
      if (p.value?.props || p.value?.items) stack.push(p.value);
    }
    const items = node.items ?? [];
    for (let i = 0; i < items.length; i++) {
      items[i] = swap(items[i]!);
      if (items[i]!.props || items[i]!.items) stack.push(items[i]!);
    }
  }
}

function hasVariable(s: string): boolean {
  for (let at = s.indexOf('${'); at >= 0; at = s.indexOf('${', at + 2)) if (SOURCES.some((src) => s.startsWith(src, at + 2))) return true;
  return false;
}
