import { PARTITIONS, RULE_SETTINGS, type Partition, type RuleSetting } from '../core';

export type Format = 'stylish' | 'json' | 'sarif';

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
}

export interface FixMode {
  /** Suggestions too (fixes that change what a policy permits), not only the safe fixes. */
  suggestions: boolean;
  /** A diff on stdout instead of writing the files. */
  dryRun: boolean;
}

export type Command = LintCommand | { kind: 'help' } | { kind: 'version' };

/** A usage error: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {}

const FORMATS: readonly Format[] = ['stylish', 'json', 'sarif'];
/** Every setting but hint: the CLI neither prints nor counts hints, so `=hint` would read as `=off`. */
const SETTINGS = RULE_SETTINGS.filter((s) => s !== 'hint');
const VALUE_OPTIONS = new Set(['--format', '--rule', '--partition', '--max-warnings', '--max-file-size']);
const FIX_OPTIONS = new Set(['--fix', '--fix-suggestions', '--fix-dry-run']);

export const HELP = `Usage: force-mfa lint [options] [files | folders | globs ...]

Lints AWS IAM policies so that they really force MFA. Folders are walked for the files
that hold policies: *.json, CloudFormation, SAM and Serverless YAML (*.yaml, *.yml,
*.template), Markdown (*.md, *.markdown) and JSON in *.txt and *.tpl; in *.tf files, a
policy is reported as not analysed (Terraform is not read yet). node_modules and .git
are skipped; globs support *, ** and ? (quote them). With no path, the current folder is
linted. The summary counts the files read, skipped and could not analyse.

Options:
  --format stylish|json|sarif          output format (default: stylish)
  --rule <name>=<error|warning|info|off>
                                       set a rule's severity or switch it off (repeatable)
  --partition ${PARTITIONS.join('|')}    the AWS partition your ARNs should use (default: aws)
  --max-warnings <n>                   exit 1 when there are more than n warnings
  --allow-password-change-without-mfa  accept iam:ChangePassword without MFA (not recommended)
  --max-file-size <n>[KB|MB]           lint files up to this size (default: 10MB; KB and MB
                                       are 1024-based); a larger file fails the run (exit 1)
  --skip-large-files                   skip files over the size limit with a warning instead
  --fix                                apply the safe fixes to the files, then report what
                                       remains (each file rewritten atomically, mode kept)
  --fix-suggestions                    like --fix, and apply suggestions too (fixes that change
                                       what a policy permits, such as inserting the MFA deny)
  --fix-dry-run                        write nothing: print a unified diff of what --fix would
                                       change (with --fix-suggestions, suggestions included);
                                       stdout holds only the diff, a summary goes to stderr
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
function parseSize(value: string): number {
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

/** Parses the arguments after the program name. Throws UsageError with a one-line message. */
export function parseArgs(argv: readonly string[], ruleNames: readonly string[]): Command {
  const cmd: LintCommand = {
    kind: 'lint',
    paths: [],
    format: 'stylish',
    rules: {},
    maxWarnings: -1,
    allowPasswordChangeWithoutMfa: false,
    skipLargeFiles: false,
  };
  let command: string | undefined;
  let optionsEnded = false;
  const flags: Flags = { help: false, version: false, fixes: new Set<string>() };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      if (command === undefined) {
        if (arg !== 'lint') throw new UsageError(`unknown command '${arg}'; the command is: force-mfa lint [paths...]`);
        command = arg;
      } else cmd.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    let value: string | undefined = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : undefined;
    if (VALUE_OPTIONS.has(name) && value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
    } else if (!VALUE_OPTIONS.has(name) && value !== undefined) {
      throw new UsageError(`${name} takes no value`);
    }
    applyOption(cmd, flags, name, value, ruleNames);
  }
  if (flags.help) return { kind: 'help' };
  if (flags.version) return { kind: 'version' };
  if (command === undefined) throw new UsageError('missing command; usage: force-mfa lint [options] [paths...] (see --help)');
  if (cmd.paths.length === 0) cmd.paths.push('.');
  if (flags.fixes.size > 0) cmd.fix = fixMode(flags.fixes, cmd.format);
  return cmd;
}

/** Flags that shape the command as a whole. */
interface Flags {
  help: boolean;
  version: boolean;
  fixes: Set<string>;
}

/** One option and its value, into the command being built. */
function applyOption(cmd: LintCommand, flags: Flags, name: string, value: string | undefined, ruleNames: readonly string[]): void {
  switch (name) {
    case '--format':
      cmd.format = oneOf('--format', value!, FORMATS);
      break;
    case '--rule': {
      const [rule, setting] = parseRule(value!, ruleNames);
      cmd.rules[rule] = setting;
      break;
    }
    case '--partition':
      cmd.partition = oneOf('--partition', value!, PARTITIONS);
      break;
    case '--max-warnings':
      if (!/^\d+$/.test(value!)) throw new UsageError(`--max-warnings needs a whole number of 0 or more (got '${value}')`);
      cmd.maxWarnings = Number(value);
      break;
    case '--max-file-size':
      cmd.maxFileSize = parseSize(value!);
      break;
    case '--skip-large-files':
      cmd.skipLargeFiles = true;
      break;
    case '--allow-password-change-without-mfa':
      cmd.allowPasswordChangeWithoutMfa = true;
      break;
    case '-h':
    case '--help':
      flags.help = true;
      break;
    case '--version':
      flags.version = true;
      break;
    default:
      if (!FIX_OPTIONS.has(name)) throw new UsageError(`unknown option '${name}' (see force-mfa --help)`);
      flags.fixes.add(name);
  }
}

/** The fix flags given, as one mode; a diff cannot share stdout with a JSON or SARIF report. */
function fixMode(flags: ReadonlySet<string>, format: Format): FixMode {
  const dryRun = flags.has('--fix-dry-run');
  if (dryRun && format !== 'stylish')
    throw new UsageError(`--fix-dry-run prints a diff on stdout: it cannot be combined with --format ${format}`);
  return { suggestions: flags.has('--fix-suggestions'), dryRun };
}
