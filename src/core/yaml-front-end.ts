/**
 * The YAML front-end alone (the `yaml` package and the builder), for a host that loads it as its own
 * file when the first YAML text is linted (the editor extension: dist/lazy/yaml.js) and hands it to
 * the core it loaded before with provideYamlFrontEnd. It registers nothing itself: the core that
 * should read YAML is the host's, not a copy bundled here.
 */
export { parseYaml } from './formats/yaml/builder';
