/**
 * `.force-mfa.json` in the CLI: found from each linted file's folder upward to the repository root
 * (the folder holding `.git`), or named with `--config`. The nearest file is the one that applies (no
 * merging: one file says what the project wants). Precedence, as in ESLint and markdownlint: the
 * built-in defaults, then the file, then command-line flags (`--rule`, `--partition`,
 * `--allow-password-change-without-mfa`), which win. Its `exclude` globs skip files; its `ignore`
 * entries take findings out of the counts that fail a run, and the reports keep them, with their
 * reason; an entry that accepted nothing is stale, and said so.
 */
import path from 'node:path';
import {
  applyIgnores,
  CONFIG_FILE_NAME,
  configLintOptions,
  entriesFor,
  isExcludedByConfig,
  parseConfig,
  staleEntries,
  type Diagnostic,
  type IgnoreEntry,
  type LintOptions,
  type LintResult,
  type ParsedConfig,
  type RuleSetting,
} from '../core';
import { readCandidate, type Candidate, type CliFileSystem } from './files';
import { toFileReport, type RunReport, type StaleIgnoreReport, type SuppressedReport } from './report';

/** A configuration is a small file: larger is a mistake, not read. */
const MAX_CONFIG_SIZE = 1024 * 1024;

export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** As printed: relative to the working folder when under it. */
  display: string;
  /** The folder its globs are relative to. */
  dir: string;
  parsed: ParsedConfig;
  /** Entries that accepted a finding in this run. */
  used: Set<IgnoreEntry>;
  /** Entries whose glob named a linted file. */
  named: Set<IgnoreEntry>;
}

/** What the flags of a run set, which win over the file. */
export interface FlagOptions {
  rules: Record<string, RuleSetting>;
  partition?: LintOptions['partition'];
  allowPasswordChangeWithoutMfa: boolean;
}

const absOf = (c: Candidate): string => (typeof c.abs === 'string' ? c.abs : c.abs.toString());
const slashed = (p: string): string => p.split(path.sep).join('/');

export class RunConfigs {
  /** The configuration of each folder looked at (undefined: none applies there). */
  private readonly byDir = new Map<string, LoadedConfig | undefined>();
  private readonly loaded = new Map<string, LoadedConfig>();
  private explicit: LoadedConfig | undefined;
  /** Files skipped by a configuration's `exclude`. */
  excluded = 0;

  constructor(
    private readonly fs: CliFileSystem,
    private readonly cwd: string,
    private readonly configArg?: string,
  ) {}

  /**
   * Finds and reads the configuration of every candidate, before anything is linted: a run with a
   * broken configuration lints nothing. Returns the error lines (`file:line:column: message`).
   */
  async prepare(candidates: readonly Candidate[]): Promise<string[]> {
    const errors: string[] = [];
    if (this.configArg !== undefined) {
      const file = path.resolve(this.cwd, this.configArg);
      const loaded = await this.load(file);
      if (typeof loaded === 'string') return [`${this.configArg}: ${loaded}`];
      this.explicit = loaded;
    } else {
      for (const c of candidates) {
        const dir = path.dirname(absOf(c));
        const found = await this.find(dir);
        if (typeof found === 'string') errors.push(found);
      }
    }
    for (const config of this.all()) {
      for (const e of config.parsed.errors) errors.push(`${config.display}:${e.line}:${e.column}: ${e.message}`);
    }
    return [...new Set(errors)];
  }

  /** Every configuration in use, in the order first met. */
  all(): LoadedConfig[] {
    return this.explicit ? [this.explicit] : [...this.loaded.values()];
  }

  /** The configuration that applies to a file (after prepare). */
  configFor(c: Candidate): LoadedConfig | undefined {
    return this.explicit ?? this.byDir.get(path.dirname(absOf(c)));
  }

  /** Is the file excluded by its configuration, or the configuration file itself (never a policy)? Counts the excluded. */
  skips(c: Candidate): boolean {
    const config = this.configFor(c);
    if (path.basename(absOf(c)) === CONFIG_FILE_NAME && !c.stdin) return true;
    if (!config || !isExcludedByConfig(config.parsed.config, this.relative(config, c))) return false;
    this.excluded++;
    return true;
  }

  /** The lint options for a file: the CLI's defaults, then its configuration, then the flags. */
  lintOptions(c: Candidate, defaults: Record<string, RuleSetting>, flags: FlagOptions, base: LintOptions): LintOptions {
    const config = this.configFor(c);
    if (!config) return base;
    const fromFile = configLintOptions(config.parsed.config);
    const partition = flags.partition ?? fromFile.partition;
    return {
      ...base,
      rules: { ...defaults, ...fromFile.rules, ...flags.rules },
      allowPasswordChangeWithoutMfa: flags.allowPasswordChangeWithoutMfa || fromFile.allowPasswordChangeWithoutMfa === true,
      ...(partition ? { partition } : {}),
    };
  }

  /** The findings its configuration accepts in a text of the file (none: undefined), for --fix to leave alone. */
  acceptedIn(c: Candidate, options: LintOptions): ((text: string, result: LintResult) => Diagnostic[]) | undefined {
    const config = this.configFor(c);
    const entries = config ? entriesFor(config.parsed.config, this.relative(config, c)) : [];
    if (entries.length === 0) return undefined;
    return (text, result) => applyIgnores(result, entries, text, options).suppressed.map((s) => s.diagnostic);
  }

  /** The file's result without the findings its configuration accepts, and those findings as reported. */
  apply(c: Candidate, text: string, options: LintOptions, result: LintResult): { result: LintResult; suppressed?: SuppressedReport[] } {
    const config = this.configFor(c);
    if (!config) return { result };
    const entries = entriesFor(config.parsed.config, this.relative(config, c));
    for (const e of entries) config.named.add(e);
    const applied = applyIgnores(result, entries, text, options, config.used);
    // Hints are never reported by the CLI, suppressed or not; positions as every finding's (toFileReport).
    const shown = applied.suppressed.filter((s) => s.diagnostic.severity !== 'hint');
    const located = toFileReport(c.display, c.abs, text, { policies: [], diagnostics: shown.map((s) => s.diagnostic) }).diagnostics;
    const suppressed = located.map((d, i): SuppressedReport => ({
      ...d,
      reason: shown[i]!.entry.reason,
      config: config.display,
      configLine: shown[i]!.entry.line,
    }));
    return { result: applied.result, suppressed };
  }

  /**
   * The entries that accepted nothing. An entry counts as stale when it named a linted file, or when
   * the run linted the configuration's whole folder (a folder given that holds it): linting one file
   * says nothing about the entries for the others.
   */
  async stale(paths: readonly string[]): Promise<StaleIgnoreReport[]> {
    const folders: string[] = [];
    for (const p of paths) {
      if (p === '-' || p === '') continue;
      const abs = path.resolve(this.cwd, p);
      const st = await this.fs.stat(abs).catch(() => undefined);
      if (st?.isDirectory()) folders.push(abs);
    }
    const out: StaleIgnoreReport[] = [];
    for (const config of this.all()) {
      const whole = folders.some((f) => config.dir === f || config.dir.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
      for (const e of staleEntries(config.parsed.config, config.used)) {
        if (!whole && !config.named.has(e)) continue;
        out.push({
          config: config.display,
          line: e.line,
          column: e.column,
          files: e.files,
          rule: e.rule,
          ...(e.pointer !== undefined ? { pointer: e.pointer } : {}),
          ...(e.sid !== undefined ? { sid: e.sid } : {}),
        });
      }
    }
    return out;
  }

  private relative(config: LoadedConfig, c: Candidate): string {
    return slashed(path.relative(config.dir, absOf(c)));
  }

  /**
   * The configuration of a folder: its own file, else its parent's, up to the folder holding `.git`
   * (the repository root) or the file system's root. A loop, each folder looked at once per run.
   */
  private async find(start: string): Promise<string | undefined> {
    const chain: string[] = [];
    let dir = start;
    let found: LoadedConfig | undefined;
    for (;;) {
      if (this.byDir.has(dir)) {
        found = this.byDir.get(dir);
        break;
      }
      chain.push(dir);
      const file = path.join(dir, CONFIG_FILE_NAME);
      if (await this.isFile(file)) {
        const loaded = this.loaded.get(file) ?? (await this.load(file));
        if (typeof loaded === 'string') return `${this.display(file)}: ${loaded}`;
        found = loaded;
        break;
      }
      const parent = path.dirname(dir);
      if (parent === dir || (await this.exists(path.join(dir, '.git')))) break;
      dir = parent;
    }
    for (const d of chain) this.byDir.set(d, found);
    return undefined;
  }

  private async load(file: string): Promise<LoadedConfig | string> {
    const read = await readCandidate(this.fs, file, MAX_CONFIG_SIZE);
    if (read.kind !== 'text')
      return `cannot read the configuration: ${read.kind === 'unreadable' ? read.reason : 'not a text file of at most 1 MB'}`;
    const loaded: LoadedConfig = {
      file,
      display: this.display(file),
      dir: path.dirname(file),
      parsed: parseConfig(read.text),
      used: new Set(),
      named: new Set(),
    };
    this.loaded.set(file, loaded);
    return loaded;
  }

  private display(file: string): string {
    const rel = path.relative(this.cwd, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
  }

  private async isFile(file: string): Promise<boolean> {
    return (await this.fs.stat(file).catch(() => undefined))?.isFile() === true;
  }

  private async exists(file: string): Promise<boolean> {
    return (await this.fs.stat(file).catch(() => undefined)) !== undefined;
  }
}

/** The stderr line of a stale entry: where it stands, what it names, what to do. */
export function staleLine(e: StaleIgnoreReport): string {
  const where = [e.pointer !== undefined ? `pointer ${e.pointer}` : '', e.sid !== undefined ? `Sid ${e.sid}` : '']
    .filter(Boolean)
    .join(', ');
  return `${e.config}:${e.line}:${e.column}: stale ignore entry: ${e.rule} in ${e.files}${where ? ` (${where})` : ''} matched no finding; remove it`;
}

/** After the run: the report's configuration part, and a warning line per stale entry (undefined when no configuration was used). */
export async function finishConfigs(
  configs: RunConfigs,
  paths: readonly string[],
  say: (line: string) => void,
): Promise<RunReport['configs']> {
  if (configs.all().length === 0) return undefined;
  const stale = await configs.stale(paths);
  for (const e of stale) say(staleLine(e));
  return { excluded: configs.excluded, stale };
}
