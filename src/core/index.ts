// The core's public surface: pure, no `vscode`, no `node:*`.
export * from './types';
export { lint, ruleMetas } from './lint';
export { applyEdits } from './fixes/edits';
export { REFERENCE_POLICY } from './reference';
export { type CatalogueData, provideCatalogue } from './mfa/catalogue';
export { globMatchesPath } from './glob';
