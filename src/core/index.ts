// The core's public surface: pure, no `vscode`, no `node:*`.
export * from './types';
export { lint, ruleMetas } from './lint';
export {
  fixAll,
  MAX_FIX_ROUNDS,
  pickFix,
  statementCount,
  type AppliedFix,
  type FixAllOptions,
  type FixAllResult,
  type FixAllStop,
} from './fix-all';
export { applyEdits, editsOf } from './fixes/edits';
export { REFERENCE_POLICY } from './reference';
export { EXPORT_FORMATS, type ExportFormatInfo, renderExport } from './export';
export { type CatalogueData, provideCatalogue } from './mfa/catalogue';
export { type ActionCatalogueData, actionCatalogueLoaded, provideActionCatalogue } from './mfa/action-catalogue';
export { type AssistFormat, type AssistItem, type Completions, completionsAt, type HoverText, hoverAt } from './assist';
export { globMatchesPath } from './glob';
export { isPolicyFile } from './policy-file';
export { type PolicySign, policySign } from './document/policy-sign';
export { isTerraformName } from './document/parse';
export { needsTerraformReader } from './formats/markdown';
export { terraformFileReferences } from './formats/hcl/module';
export { looksLikePlan } from './formats/terraform-json';
export * from './config';
export * from './audit';
