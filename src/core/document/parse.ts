/**
 * Text in, document out: the core asks here for a text's document tree and the problems found in
 * reading it, and this picks the format's front-end. JSON (../formats/json) is built in; YAML
 * (../formats/yaml) is provided by the host that reads it (provideYaml, from the core's yaml entry):
 * its parser stays out of bundles that do not read YAML. A CloudFormation template, in either
 * format, then has its intrinsic functions made unknown and its policies' places marked
 * (../formats/cloudformation). The front-ends depend only on the format-neutral parts below them:
 * ./tree, ./problems, ./pasted.
 */
import type { ParseResult } from './problems';
import type { HclNode } from '../formats/hcl/cst';
import type { DocumentFormat, LintOptions, Partition } from '../types';
import { DOCUMENT_FORMATS } from '../types';
import { parseJson } from '../formats/json/builder';
import { Places, isTemplate, markIntrinsics, templatePolicies } from '../formats/cloudformation';
import { isServerlessConfig, isServerlessFileName, serverlessPolicies } from '../formats/serverless';

export { type DuplicateKey, MAX_DUPLICATES, MAX_ERRORS, type ParseResult, type SyntaxProblem } from './problems';
export { type PastedChars, pastedInString, pastedKind, pastedOffset } from './pasted';

let yamlFrontEnd: ((text: string) => ParseResult) | undefined;

/** Hands the YAML front-end to the core (see ../yaml.ts). */
export function provideYamlFrontEnd(frontEnd: (text: string) => ParseResult): void {
  yamlFrontEnd = frontEnd;
}

let hclFrontEnd: ((text: string) => HclNode | undefined) | undefined;

/** Hands the HCL front-end (tree-sitter's Terraform grammar, loaded by ../hcl.ts's loadHcl) to the core. */
export function provideHclFrontEnd(frontEnd: (text: string) => HclNode | undefined): void {
  hclFrontEnd = frontEnd;
}

/** The HCL syntax tree of a text, or undefined when no host has loaded the HCL front-end (or it could not parse). */
export function parseHcl(text: string): HclNode | undefined {
  return hclFrontEnd?.(text);
}

/** Whether a host has loaded the HCL front-end (elsewhere a Terraform block in Markdown is read only for its heredocs). */
export function readsHcl(): boolean {
  return hclFrontEnd !== undefined;
}

/** Whether a host has handed the core its YAML front-end (elsewhere a YAML block in Markdown is not read). */
export function readsYaml(): boolean {
  return yamlFrontEnd !== undefined;
}

/** Terraform's own files (`*.tf.json` is JSON, read as such), read by the HCL front-end once a host has loaded it. */
export function isTerraformName(fileName: unknown): boolean {
  const name = typeof fileName === 'string' ? fileName.toLowerCase() : '';
  return name.endsWith('.tf') || name.endsWith('.tfvars') || name.endsWith('.hcl');
}

/** The format of a text: options.format, else by fileName's extension (and a `.template`'s first character), else JSON. */
export function formatOf(text: string, options: LintOptions): DocumentFormat {
  if ((DOCUMENT_FORMATS as readonly unknown[]).includes(options.format)) return options.format!;
  const name = typeof options.fileName === 'string' ? options.fileName.toLowerCase() : '';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  // MDX writes its code blocks as Markdown does.
  if (name.endsWith('.md') || name.endsWith('.markdown') || name.endsWith('.mdx')) return 'markdown';
  if (name.endsWith('.template')) return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'yaml';
  return 'json';
}

/** `fileName` tells a Serverless Framework configuration (../formats/serverless.ts), read as a template. */
export function parse(text: string, format: DocumentFormat = 'json', partition: Partition = 'aws', fileName?: unknown): ParseResult {
  if (format === 'yaml' && !yamlFrontEnd) throw new Error('the YAML reader is not loaded');
  const parsed = format === 'yaml' ? yamlFrontEnd!(text) : parseJson(text);
  const root = parsed.root;
  const serverless = isServerlessFileName(fileName, format) && isServerlessConfig(root);
  parsed.template = !!root && (serverless || isTemplate(root));
  // YAML's short-form tags are CloudFormation's wherever they stand; JSON's long forms only in a template.
  if (root && parsed.errors.length === 0 && (format === 'yaml' || parsed.template)) {
    // The places first: a Fn::If there that chooses between two policies is kept, so both are read.
    const places = new Places();
    if (serverless) serverlessPolicies(root, text, places);
    else if (parsed.template) templatePolicies(root, places);
    if (parsed.template) parsed.policyRoots = places.roots;
    if (places.roles.size) parsed.rolePolicies = places.roles;
    if (places.unreadable.length) parsed.unreadable = places.unreadable;
    parsed.computed = markIntrinsics(root, text, partition, (parsed.subs = []), places.kept);
  }
  return parsed;
}
