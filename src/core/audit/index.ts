// The audit's public surface (re-exported by ../index.ts): the model, its readers, the judgement.
export type * from './model';
export { auditAccount, auditSteps, totalsOf, type AuditOptions, type AuditSteps } from './audit';
export {
  readAuthorizationDetails,
  readAuthorizationDetailsSteps,
  userNameOffsets,
  type ReadExport,
  type ReadExportSteps,
} from './read-export';
export { readCredentialReport, CredentialReportError, type CredentialReport } from './credential-report';
export { sourceLabel, refLabel } from './user-mfa';
export { readTemplates, type ReadTemplates, type TemplateFile } from './read-templates';
export type { DeclaredPrincipal, TemplateRead } from './template-model';
