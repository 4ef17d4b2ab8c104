/**
 * The core's YAML entry: importing it hands the YAML front-end (the `yaml` package) to the core, so
 * that lint(text, { format: 'yaml' }) (or a `fileName` ending in .yaml/.yml) reads YAML. Kept out of
 * ./index.ts so that a bundle that does not read YAML (the extension, for now) does not carry the parser.
 */
import { provideYamlFrontEnd } from './document/parse';
import { parseYaml } from './formats/yaml/builder';
import { provideWriter } from './fixes/writer';
import { yamlWriter } from './formats/yaml/writer';

provideYamlFrontEnd(parseYaml);
provideWriter('yaml', yamlWriter);

export { parseYaml };
