/**
 * The core's YAML entry: importing it hands the YAML front-end (the `yaml` package) to the core, so
 * that lint(text, { format: 'yaml' }) (or a `fileName` ending in .yaml/.yml) reads YAML. Kept out of
 * ./index.ts so that a bundle that does not read YAML (the extension, for now) does not carry the parser.
 */
import type { LintOptions } from './types';
import { formatOf, provideYamlFrontEnd } from './document/parse';
import { parseJson } from './formats/json/builder';
import { isTemplate } from './formats/cloudformation';
import { parseYaml } from './formats/yaml/builder';

provideYamlFrontEnd(parseYaml);

export { parseYaml };

/**
 * Is this text a CloudFormation template (read as options.format or options.fileName say), even one
 * with syntax errors that the YAML reader could partly read? For a host that reads only templates
 * among YAML files (the CLI's folder walk).
 */
export function isTemplateText(text: string, options: LintOptions = {}): boolean {
  try {
    return isTemplate((formatOf(text, options) === 'yaml' ? parseYaml(text) : parseJson(text)).root);
  } catch {
    return false;
  }
}
