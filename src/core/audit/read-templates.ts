/**
 * Templates in, one AccountModel out: each file is read by the core's own front-end (CloudFormation
 * in JSON or YAML through ../document/parse.ts, Terraform through the HCL front-end once a host has
 * loaded it), and the users, groups and policies of every file are merged (a Terraform folder is one
 * module; a stack's users may stand in one template and its groups in another).
 */
import { formatOf, isTerraformName, parse, parseHcl, readsYaml } from '../document/parse';
import { terraformPolicies } from '../formats/hcl/terraform';
import { readCloudFormation } from './from-cloudformation';
import { readTerraform } from './from-terraform';
import { TemplateFacts, type TemplateRead } from './template-model';

export interface TemplateFile {
  name: string;
  text: string;
}

export type ReadTemplates = TemplateRead & { read: string[]; skipped: Array<{ name: string; why: string }> };

/** Why a file is not read as a template, or undefined when it is read into `facts`. */
function readOne(f: TemplateFile, facts: TemplateFacts): string | undefined {
  facts.file = f.name;
  if (isTerraformName(f.name)) {
    const cst = parseHcl(f.text);
    if (!cst && !f.text.includes('resource')) return 'no resource blocks';
    // The blocks without statements are read from the text; the policies need the front-end.
    const found = cst ? terraformPolicies(f.text, cst, parseHcl) : undefined;
    if (!cst) facts.notes.push(`${f.name}: the Terraform reader is not loaded; its policy documents are unknown.`);
    readTerraform(f.text, found, facts);
    return undefined;
  }
  const format = formatOf(f.text, { fileName: f.name });
  if (format === 'markdown') return 'not a template';
  if (format === 'yaml' && !readsYaml()) return 'the YAML reader is not loaded';
  const parsed = parse(f.text, format, 'aws', f.name);
  if (parsed.errors.length) return `a syntax error (${parsed.errors[0]!.message})`;
  if (!parsed.template) return 'not a CloudFormation template';
  readCloudFormation(parsed.root, f.text, facts);
  return undefined;
}

/** Reads every file; those that are not templates are listed with the reason. Never throws on a file's content. */
export function readTemplates(files: readonly TemplateFile[]): ReadTemplates {
  const facts = new TemplateFacts();
  const read: string[] = [];
  const skipped: Array<{ name: string; why: string }> = [];
  for (const f of files) {
    let why: string | undefined;
    try {
      why = readOne(f, facts);
    } catch (e) {
      why = `could not be read (${e instanceof Error ? e.message : String(e)})`;
    }
    if (why === undefined) read.push(f.name);
    else skipped.push({ name: f.name, why });
  }
  if (files.length < 2) facts.file = undefined;
  const out = facts.model();
  if (files.length < 2) for (const d of out.declared) delete d.file;
  return { ...out, read, skipped };
}
