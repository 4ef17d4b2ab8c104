/** Public types of the force-mfa core. Offsets are UTF-16 code unit offsets into the linted text. */

/**
 * `hint`: advice shown only where the text is (the editor's faint dots, with its quick fix), never in
 * a list of problems: the editor keeps it out of the Problems panel, the CLI neither prints nor counts it.
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type RuleSetting = Severity | 'off';
/** What `forceMfa.rules` and LintOptions.rules accept for a rule, in the order settings list them. */
export const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'hint', 'off'];

/** The AWS partitions, the standard one first: the settings' enum, the CLI's --partition and the core's check. */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export type Partition = (typeof PARTITIONS)[number];

/** Is this a partition name (a setting or a flag may hold anything)? */
export const isPartition = (value: unknown): value is Partition => (PARTITIONS as readonly unknown[]).includes(value);

export interface FormattingOptions {
  tabSize: number;
  insertSpaces: boolean;
  /** Line ending used for inserted text. */
  eol: string;
}

/** The formats the core reads (YAML once a host has provided its front-end: provideYaml). */
export const DOCUMENT_FORMATS = ['json', 'yaml', 'markdown'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export interface LintOptions {
  /** Severity or 'off' by rule name. Unknown names are ignored. */
  rules?: Record<string, RuleSetting>;
  partition?: Partition;
  allowPasswordChangeWithoutMfa?: boolean;
  /**
   * The text's format. Where absent, picked from `fileName`'s extension (`.yaml`, `.yml`; a
   * `.template` that does not start with `{` or `[`), else JSON.
   */
  format?: DocumentFormat;
  /** The file's name or path, from which the format is picked when `format` is not given. */
  fileName?: string;
  /** Formatting of fix edits. Detected from the text where absent. */
  formatting?: Partial<FormattingOptions>;
  /**
   * A Terraform file's module, read by the host (the core reads no files): the other `*.tf` files of
   * its folder, whose `variable` defaults, `locals` and policy attachments judge its policies, and the
   * files its `file()`/`templatefile()` calls name (terraformFileReferences says which), linted as the
   * policies there. Hosts keep it within MODULE_LIMITS (the core reads no more) and pass the same
   * object while the files are unchanged: the core reads each object's files once.
   */
  module?: TerraformModule;
}

/** A file of a Terraform module as a host read it: its path relative to the module's folder (`/`-separated), and its text. */
export interface ModuleFile {
  name: string;
  text: string;
}

export interface TerraformModule {
  /** The folder's files: its `*.tf` files, the variable values Terraform loads by itself (terraform.tfvars, `*.auto.tfvars`, their `.json`), the files file() names. */
  files: readonly ModuleFile[];
  /**
   * Variable values given to Terraform beside the folder's (`-var-file` files, and `-var` flags as one
   * file named `--var` each), in the order given: they override every default and value file of the folder.
   */
  values?: readonly ModuleFile[];
}

/** How much of a module a host reads and the core reads (files, and their characters in all). */
export const MODULE_LIMITS = { files: 64, chars: 2_000_000 } as const;

/**
 * Is this file of a module's folder (a name without `/`) one whose variable values Terraform loads by itself
 * (terraform.tfvars, `*.auto.tfvars`, and their `.json`)? Hosts read these beside the `*.tf` files.
 */
export function isAutoValuesName(name: string): boolean {
  if (name.includes('/')) return false;
  return (
    name === 'terraform.tfvars' || name === 'terraform.tfvars.json' || name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json')
  );
}

export interface Edit {
  offset: number;
  length: number;
  content: string;
}

export interface Fix {
  title: string;
  /** A suggestion changes what the policy permits: offered, never applied in bulk silently. */
  kind: 'safe' | 'suggestion';
  /**
   * Computes the edits against the linted text. Hosts call `editsOf(fix)`, which calls this once,
   * keeps the result and never throws: edits of a fix nobody asks for are never built.
   */
  build(): Edit[];
  /**
   * The one obvious repair of its finding (VS Code's auto fix applies it in one keystroke): the
   * form the finding's message prescribes, with no other reasonable repair. Not set where the
   * repair may as well lie elsewhere (arn-partition-mismatch: the partition setting may be what
   * is wrong; narrowed-deny-scope: widen this deny or add another), where it is a guess (a
   * misspelled condition key's nearest name), where it removes what the author wrote on purpose
   * (weakening-exemption, virtual-mfa-device-deletion), or where the finding is advice that may
   * not apply (user-path-not-matched: only users created with a path). Whatever the kind: adding
   * AWS's deny is the obvious repair of a missing one, though a suggestion.
   */
  isPreferred?: boolean;
}

export interface RelatedLocation {
  offset: number;
  length: number;
  message: string;
}

export interface Diagnostic {
  /** Rule name, kebab-case: the key of LintOptions.rules. */
  rule: string;
  severity: Severity;
  /** States the verdict and the reason. */
  message: string;
  offset: number;
  length: number;
  fixes: Fix[];
  related?: RelatedLocation[];
  /** Index into LintResult.policies, when the finding belongs to one policy document. */
  policy?: number;
  /**
   * Set on the one note that stands for findings of its rule not listed (over the cap per rule or
   * per file): how many there were. Their most severe severity is the note's; count it that many times.
   */
  omitted?: number;
}

export type PolicyKind = 'identity' | 'resource' | 'trust';
export type MfaVerdict = 'enforced' | 'weak' | 'missing' | 'not-applicable';

export interface PolicyResult {
  /** JSON pointer of the policy document, '' for the whole file. */
  pointer: string;
  offset: number;
  length: number;
  kind: PolicyKind;
  mfa: MfaVerdict;
  /** Required enrolment actions that the policy denies without MFA (lock-out). */
  lockout: string[];
  /** One sentence: why this verdict. */
  reason: string;
  /** How many statements it holds, in any format (fix-all never lets a round lower the file's total). */
  statements: number;
}

export interface LintResult {
  policies: PolicyResult[];
  diagnostics: Diagnostic[];
  /** Set when the text is a CloudFormation template (even one with syntax errors). */
  template?: true;
}

export interface RuleMeta {
  /** Stable id, e.g. "FMFA001". */
  id: string;
  /** kebab-case name that says the problem. */
  name: string;
  description: string;
  defaultSeverity: Severity;
  /** Docs page URL (docs/rules/<name>.md). */
  docs: string;
  fixable: boolean;
}
