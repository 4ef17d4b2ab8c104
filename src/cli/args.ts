import { parseArgs as nodeParseArgs } from 'node:util';
import { checkGlob, hasGlobChars } from './glob';
import { PARTITIONS, RULE_SETTINGS, type Partition, type RuleSetting } from '../core';
import { parseAuditArgs, type AuditCommand } from './audit-args';

export type Format = 'stylish' | 'json' | 'sarif' | 'github' | 'junit';

export interface LintCommand {
  kind: 'lint';
  paths: string[];
  format: Format;
  rules: Record<string, RuleSetting>;
  partition?: Partition;
  /** -1: no limit. */
  maxWarnings: number;
  allowPasswordChangeWithoutMfa: boolean;
  /** Bytes; files over it are not linted. Undefined: the default (10 MiB). */
  maxFileSize?: number;
  /** A file over the size limit is skipped with a warning instead of failing the run. */
  skipLargeFiles: boolean;
  /** --fix, --fix-suggestions, --fix-dry-run: the fixes are applied before the findings are reported. */
  fix?: FixMode;
  /** --stdin-filename: the name of the text read from stdin (path `-`), for its format and the output. */
  stdinFilename?: string;
  /** --quiet: errors only in the output (warnings still count toward --max-warnings, as in ESLint 9). */
  quiet: boolean;
  /** --color (true), --no-color (false), the last one given; undefined: decided by the environment. */
  color?: boolean;
  /** `!pattern` arguments, without their `!`: files and folders they match are not linted. */
  exclude: string[];
  /** Honour .gitignore files in folder and glob walks (--no-gitignore: false). */
  gitignore: boolean;
  /** --config: the .force-mfa.json for every file, instead of each file's nearest one. */
  config?: string;
  /** --var-file and --var, in the order given (a later one wins, as in Terraform): Terraform variable values over the module's. */
  variables?: TerraformVariable[];
}

/** A --var-file (its path) or a --var (name and value as given). */
export type TerraformVariable = { file: string } | { name: string; value: string };

export interface FixMode {
  /** Suggestions too (fixes that change what a policy permits), not only the safe fixes. */
  suggestions: boolean;
  /** A diff on stdout instead of writing the files. */
  dryRun: boolean;
}

export type Command =
  | LintCommand
  | AuditCommand
  | { kind: 'audit-help' }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'list-rules'; format: 'stylish' | 'json' };

/** A usage error: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {}

const FORMATS: readonly Format[] = ['stylish', 'json', 'sarif', 'github', 'junit'];
/** Every setting but hint: the CLI neither prints nor counts hints, so `=hint` would read as `=off`. */
const SETTINGS = RULE_SETTINGS.filter((s) => s !== 'hint');

export const HELP = `Usage: force-mfa lint [options] [files | folders | globs ...]
       force-mfa audit <auth-details.json> [--credential-report report.csv] (see force-mfa audit --help)

Lints AWS IAM policies so that they really force MFA. Folders are walked for the files
that hold policies: *.json, CloudFormation, SAM and Serverless YAML (*.yaml, *.yml,
*.template), Terraform (*.tf, *.tf.json, and plans saved by terraform show -json;
*.tfvars and *.hcl when named), Markdown (*.md, *.markdown) and JSON in *.txt and *.tpl.
node_modules and .git are skipped, and what .gitignore files leave out. Globs (quote them)
support *, **, ?, [...] and {a,b}; !pattern leaves out what it matches. - reads stdin.
With no path, the current folder is linted. The summary counts the files read, skipped
and could not analyse.

Options:
  --format stylish|json|sarif|github|junit
                                       output format (default: stylish); github: workflow
                                       annotations; junit: JUnit XML for CI test reports
  --rule <name>=<error|warning|info|off>
                                       set a rule's severity or switch it off (repeatable)
  --config <file>                      the .force-mfa.json to use (default: the nearest one from
                                       each file's folder up to the repository root); flags win
  --partition ${PARTITIONS.join('|')}    the AWS partition your ARNs should use (default: aws)
  --max-warnings <n>                   exit 1 when there are more than n warnings
  --allow-password-change-without-mfa  accept iam:ChangePassword without MFA (not recommended)
  --max-file-size <n>[KB|MB]           lint files up to this size (default: 10MB, and 200MB for
                                       a Terraform plan told by its content; KB and MB are
                                       1024-based); a larger file fails the run (exit 1)
  --skip-large-files                   skip files over the size limit with a warning instead
  --fix                                apply the safe fixes to the files, then report what
                                       remains (each file rewritten atomically, mode kept)
  --fix-suggestions                    like --fix, and apply suggestions too (fixes that change
                                       what a policy permits, such as inserting the MFA deny)
  --fix-dry-run                        write nothing: print a unified diff of what --fix would
                                       change (with --fix-suggestions, suggestions included);
                                       stdout holds only the diff, a summary goes to stderr
  --stdin-filename <name>              the name of the text read from - (its format, the output)
  --var-file <file>                    Terraform variable values (a .tfvars or .tfvars.json file)
                                       over the module's defaults and its terraform.tfvars and
                                       *.auto.tfvars files (repeatable; the last one wins)
  --var <name>=<value>                 a Terraform variable's value, as terraform's -var
                                       (repeatable; in order with --var-file)
  --no-gitignore                       lint what .gitignore files leave out too
  --quiet                              report errors only (warnings still count toward
                                       --max-warnings)
  --color, --no-color                  colour the stylish output, or not (default: on a
                                       terminal, unless NO_COLOR is set; FORCE_COLOR forces it)
  --list-rules                         list the rules: name, default severity, fix, summary
                                       (--format json for JSON)
  -h, --help                           show this help
  --version                            show the version

Exit codes: 0 no errors; 1 errors (a policy that could not be analysed is one: see
unreadable-policy), more warnings than --max-warnings, or a file too large to lint (without
--skip-large-files); 2 bad usage or a path that cannot be read (or, with --fix, written).
With --fix and --fix-dry-run they follow the findings left after fixing.
`;

/** The largest --max-file-size: a file is decoded into one string, and V8's are at most 512 MiB. */
export const MAX_FILE_SIZE_LIMIT = 500 * 1024 * 1024;

const SIZE = /^(\d{1,12})(?:\s*(k|kb|kib|m|mb|mib))?$/i;

/** `--max-file-size`: whole bytes, or KB / MB (1024-based), from 1 byte to 500 MB. */
export function parseSize(value: string): number {
  const m = SIZE.exec(value.trim());
  const unit = m?.[2]?.[0]?.toLowerCase();
  const bytes = m ? Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : 1) : NaN;
  if (!(bytes >= 1 && bytes <= MAX_FILE_SIZE_LIMIT)) {
    throw new UsageError(`--max-file-size needs a size from 1 byte to 500MB, in bytes or with KB or MB (got '${value}')`);
  }
  return bytes;
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got '${value}')`);
}

/** The registered name sharing the most words with a mistyped one (a typo leaves the other words intact). */
function closestName(name: string, names: readonly string[]): string | undefined {
  const words = new Set(
    name
      .toLowerCase()
      .split(/[-_\s]+/)
      .filter(Boolean),
  );
  let best: string | undefined;
  let bestShared = 0;
  for (const candidate of names) {
    const shared = candidate.split('-').filter((w) => words.has(w)).length;
    if (shared > bestShared) [best, bestShared] = [candidate, shared];
  }
  return bestShared * 2 >= words.size ? best : undefined;
}

function parseRule(value: string, ruleNames: readonly string[]): [string, RuleSetting] {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) {
    throw new UsageError(`--rule expects <name>=<error|warning|info|off> (got '${value}')`);
  }
  const name = value.slice(0, eq).trim();
  const setting = value.slice(eq + 1).trim();
  if (!ruleNames.includes(name)) {
    const hint = closestName(name, ruleNames);
    throw new UsageError(`unknown rule '${name}' in --rule${hint ? `; did you mean '${hint}'?` : ''}`);
  }
  return [name, oneOf(`--rule ${name}`, setting, SETTINGS)];
}

/** What parseArgs knows of each option; `apply` reads its value into the command being built. */
interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  apply(cmd: LintCommand, flags: Flags, value: string, ruleNames: readonly string[]): void;
}

const OPTIONS: Record<string, OptionSpec> = {
  format: { type: 'string', apply: (cmd, _f, v) => void (cmd.format = oneOf('--format', v, FORMATS)) },
  rule: {
    type: 'string',
    multiple: true,
    apply(cmd, _f, v, ruleNames) {
      const [rule, setting] = parseRule(v, ruleNames);
      cmd.rules[rule] = setting;
    },
  },
  partition: { type: 'string', apply: (cmd, _f, v) => void (cmd.partition = oneOf('--partition', v, PARTITIONS)) },
  'max-warnings': {
    type: 'string',
    apply(cmd, _f, v) {
      if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number of 0 or more (got '${v}')`);
      cmd.maxWarnings = Number(v);
    },
  },
  'max-file-size': { type: 'string', apply: (cmd, _f, v) => void (cmd.maxFileSize = parseSize(v)) },
  'skip-large-files': { type: 'boolean', apply: (cmd) => void (cmd.skipLargeFiles = true) },
  'allow-password-change-without-mfa': { type: 'boolean', apply: (cmd) => void (cmd.allowPasswordChangeWithoutMfa = true) },
  fix: { type: 'boolean', apply: (_c, flags) => void flags.fixes.add('--fix') },
  'fix-suggestions': { type: 'boolean', apply: (_c, flags) => void flags.fixes.add('--fix-suggestions') },
  'fix-dry-run': { type: 'boolean', apply: (_c, flags) => void flags.fixes.add('--fix-dry-run') },
  'stdin-filename': {
    type: 'string',
    apply(cmd, _f, v) {
      if (v.trim() === '') throw new UsageError('--stdin-filename needs a file name');
      cmd.stdinFilename = v;
    },
  },
  'var-file': {
    type: 'string',
    multiple: true,
    apply(cmd, _f, v) {
      if (v.trim() === '') throw new UsageError('--var-file needs a file name');
      (cmd.variables ??= []).push({ file: v });
    },
  },
  var: {
    type: 'string',
    multiple: true,
    apply(cmd, _f, v) {
      const eq = v.indexOf('=');
      const name = v.slice(0, Math.max(0, eq)).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new UsageError(`--var expects <name>=<value> (got '${v}')`);
      (cmd.variables ??= []).push({ name, value: v.slice(eq + 1) });
    },
  },
  quiet: { type: 'boolean', apply: (cmd) => void (cmd.quiet = true) },
  config: {
    type: 'string',
    apply(cmd, _f, v) {
      if (v.trim() === '') throw new UsageError('--config needs a file name');
      cmd.config = v;
    },
  },
  color: { type: 'boolean', apply: (cmd) => void (cmd.color = true) },
  'no-color': { type: 'boolean', apply: (cmd) => void (cmd.color = false) },
  'no-gitignore': { type: 'boolean', apply: (cmd) => void (cmd.gitignore = false) },
  help: { type: 'boolean', short: 'h', apply: (_c, flags) => void (flags.help = true) },
  version: { type: 'boolean', apply: (_c, flags) => void (flags.version = true) },
  'list-rules': { type: 'boolean', apply: (_c, flags) => void (flags.listRules = true) },
};

/** Options every subcommand takes. */
const GLOBAL_OPTIONS = new Set(['help', 'version', 'list-rules']);

/**
 * The subcommands: which options each takes, and what it makes of them. `lint` is the only one so
 * far; another (`audit`) adds its entry and its options to OPTIONS.
 */
const SUBCOMMANDS: Record<string, { options: ReadonlySet<string>; finish(cmd: LintCommand, flags: Flags): Command }> = {
  lint: {
    options: new Set(Object.keys(OPTIONS)),
    finish(cmd, flags) {
      splitExclusions(cmd);
      if (cmd.paths.length === 0) cmd.paths.push('.');
      if (flags.fixes.size > 0) cmd.fix = fixMode(flags.fixes, cmd.format);
      checkStdin(cmd);
      return cmd;
    },
  },
};

/** The options as node:util's parseArgs takes them. */
const PARSE_OPTIONS = Object.fromEntries(
  Object.entries(OPTIONS).map(([name, o]) => [
    name,
    { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
  ]),
);

type Token = ReturnType<typeof nodeParseArgs<{ options: typeof PARSE_OPTIONS; tokens: true; allowPositionals: true }>>['tokens'][number];

function tokensOf(argv: readonly string[], strict: boolean): Token[] {
  return nodeParseArgs({ args: [...argv], options: PARSE_OPTIONS, strict, allowPositionals: true, tokens: true }).tokens;
}

/**
 * Parses the arguments after the program name with node:util's parseArgs, strict: an unknown
 * option, a missing value or a value given to a flag is a UsageError with a one-line message.
 * The tokens are read in order, so the first problem on the command line is the one reported, in
 * our words; parseArgs' own strict check stays the last word on anything they let through.
 */
export function parseArgs(argv: readonly string[], ruleNames: readonly string[]): Command {
  let tokens: Token[];
  let strictError: unknown;
  try {
    tokens = tokensOf(argv, true);
  } catch (e) {
    strictError = e;
    tokens = tokensOf(argv, false);
  }
  // `audit` has its own options (./audit-args.ts).
  if (tokens.find((t) => t.kind === 'positional')?.value === 'audit') return parseAuditArgs(argv);
  const cmd: LintCommand = {
    kind: 'lint',
    paths: [],
    format: 'stylish',
    rules: {},
    maxWarnings: -1,
    allowPasswordChangeWithoutMfa: false,
    skipLargeFiles: false,
    quiet: false,
    exclude: [],
    gitignore: true,
  };
  const flags: Flags = { help: false, version: false, fixes: new Set<string>() };
  let command: string | undefined;
  const given: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (command !== undefined) cmd.paths.push(token.value);
      else if (Object.hasOwn(SUBCOMMANDS, token.value)) command = token.value;
      else throw new UsageError(`unknown command '${token.value}'; the command is: force-mfa lint [paths...]`);
    } else if (token.kind === 'option') {
      readOption(token, cmd, flags, ruleNames);
      given.push(token.name);
    }
  }
  if (strictError !== undefined)
    throw new UsageError((strictError instanceof Error ? strictError.message : String(strictError)).split('\n')[0]!);
  if (flags.help) return { kind: 'help' };
  if (flags.version) return { kind: 'version' };
  if (flags.listRules) {
    if (cmd.format !== 'stylish' && cmd.format !== 'json')
      throw new UsageError(`--list-rules prints stylish or json (got --format ${cmd.format})`);
    return { kind: 'list-rules', format: cmd.format };
  }
  if (command === undefined) throw new UsageError('missing command; usage: force-mfa lint [options] [paths...] (see --help)');
  const sub = SUBCOMMANDS[command]!;
  const foreign = given.find((name) => !sub.options.has(name) && !GLOBAL_OPTIONS.has(name));
  if (foreign !== undefined) throw new UsageError(`--${foreign} is not an option of force-mfa ${command}`);
  return sub.finish(cmd, flags);
}

/** One option token: known, with a value exactly when it takes one, and that value valid. */
function readOption(token: Extract<Token, { kind: 'option' }>, cmd: LintCommand, flags: Flags, ruleNames: readonly string[]): void {
  const spec = Object.hasOwn(OPTIONS, token.name) ? OPTIONS[token.name]! : undefined;
  const raw = token.rawName;
  // `--h` is no spelling of -h.
  if (!spec || (raw.startsWith('--') && raw.slice(2) !== token.name)) {
    throw new UsageError(`unknown option '${raw}' (see force-mfa --help; a path that starts with '-' goes after '--')`);
  }
  if (spec.type === 'boolean') {
    if (token.value !== undefined) throw new UsageError(`${raw} takes no value`);
    spec.apply(cmd, flags, '', ruleNames);
    return;
  }
  if (token.value === undefined) throw new UsageError(`${raw} needs a value`);
  spec.apply(cmd, flags, token.value, ruleNames);
  // parseArgs takes `--opt -x` for a forgotten value; a valid value that starts with '-' is written inline.
  if (!token.inlineValue && token.value.startsWith('-')) {
    throw new UsageError(`${raw} needs a value; a value that starts with '-' is written ${raw}=${token.value}`);
  }
}

/** Flags that shape the command as a whole. */
interface Flags {
  help: boolean;
  version: boolean;
  listRules?: boolean;
  fixes: Set<string>;
}

/** `!pattern` arguments leave out what they match; every glob is checked before any walk. */
function splitExclusions(cmd: LintCommand): void {
  const paths: string[] = [];
  for (const p of cmd.paths) {
    if (!p.startsWith('!')) paths.push(p);
    else if (p.length === 1)
      throw new UsageError("'!' needs a pattern after it ('!legacy/**'); a file whose name starts with '!' is written ./!name");
    else cmd.exclude.push(p.slice(1));
  }
  cmd.paths = paths;
  for (const pattern of [...paths.filter(hasGlobChars), ...cmd.exclude]) {
    const why = checkGlob(pattern);
    if (why) throw new UsageError(`${pattern}: ${why}`);
  }
}

/** `-` (stdin) once at most, named by --stdin-filename only when given, and never written back by --fix. */
function checkStdin(cmd: LintCommand): void {
  const stdin = cmd.paths.filter((p) => p === '-').length;
  if (stdin > 1) throw new UsageError("'-' (stdin) can be given once");
  if (stdin === 0 && cmd.stdinFilename !== undefined) {
    throw new UsageError("--stdin-filename names the text read from stdin: give '-' as a path too");
  }
  if (stdin === 1 && cmd.fix && !cmd.fix.dryRun) throw new UsageError('--fix cannot write back to stdin; --fix-dry-run prints the diff');
}

/** The fix flags given, as one mode; a diff cannot share stdout with a JSON or SARIF report. */
function fixMode(flags: ReadonlySet<string>, format: Format): FixMode {
  const dryRun = flags.has('--fix-dry-run');
  if (dryRun && format !== 'stylish')
    throw new UsageError(`--fix-dry-run prints a diff on stdout: it cannot be combined with --format ${format}`);
  return { suggestions: flags.has('--fix-suggestions'), dryRun };
}
