/**
 * The core as the editor extension loads it, on its first lint (dist/lazy/core.js; the activation
 * bundle holds none of the core). Beside the public surface it offers the hooks that a host
 * loading the YAML and HCL front-ends separately needs: where to hand it over, and which format a text is in
 * (so that the host loads the YAML front-end only for a text that is read as YAML).
 */
export * from './index';
export { formatOf, provideHclFrontEnd, provideYamlFrontEnd } from './document/parse';
