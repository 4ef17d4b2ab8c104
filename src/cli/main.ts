import * as nodeFs from 'node:fs';
import * as nodeFsPromises from 'node:fs/promises';
import path from 'node:path';
import {
  isPolicyFile,
  isTerraformName,
  needsTerraformReader,
  lint,
  policySign,
  ruleMetas,
  type LintOptions,
  type LintResult,
  type ModuleFile,
  type RuleSetting,
  type Severity,
} from '../core';
import { version } from '../../package.json';
import { HELP, parseArgs, UsageError, type LintCommand } from './args';
import { AUDIT_HELP } from './audit-args';
import { auditCommand } from './audit';
import '../core/yaml';
import { loadHcl } from '../core/hcl';
import { loadActionCatalogue } from './action-catalogue';
import { PathExpander, PLAN_MAX_FILE_SIZE, readCandidate, readCandidateSync, type Candidate, type CliFileSystem } from './files';
import { formatNotRead, isDocumentName } from './formats';
import { finishConfigs, RunConfigs } from './config';
import { fixFile, type FixContext } from './fix';
import { writeJsonReport } from './format/json';
import { writeGithub } from './format/github';
import { writeJunit } from './format/junit';
import { writeSarif } from './format/sarif';
import { addFingerprints } from './fingerprint';
import { writeRuleList } from './list-rules';
import { ChunkedSink } from './format/stream';
import { writeStylish } from './format/stylish';
import { readStdin, type StdinSource } from './stdin';
import { terminalSafe, useColor } from './terminal';
import { countSeverities, statusOf, toFileReport, type RunReport } from './report';
import { nodeWriteFileSystem, type WriteFileSystem } from './write';
import { givenValues, terraformModuleOf } from './terraform-module';

export interface Output {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
  /** Relative paths and globs resolve against it. */
  cwd: string;
  /** Defaults to node:fs/promises, files read with node:fs's synchronous calls; tests inject failures that root cannot produce for real. */
  fs?: CliFileSystem;
  /** Bytes; larger files are not read (a failure, or skipped with --skip-large-files). Default 10 MiB; --max-file-size wins. */
  maxFileSize?: number;
  /** Bytes; a Terraform plan (by its content) is read up to this size. Default PLAN_MAX_FILE_SIZE (200 MiB); --max-file-size wins. */
  planMaxFileSize?: number;
  /** How --fix writes files; defaults to node:fs/promises (tests make a step fail). */
  writeFs?: WriteFileSystem;
  /** What `-` reads: called once, when stdin is linted (the binary passes process.stdin). */
  stdin?: StdinSource;
  /** NO_COLOR, FORCE_COLOR, TERM; none when absent (the binary passes process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Is stdout a terminal? Colour is on by default only there. */
  isTTY?: boolean;
}

/**
 * Rules whose default severity in the CLI differs from the editor's. A policy that could not be
 * analysed is a warning in the editor, beside the text; in CI it fails the run, as a file too large
 * to lint does: not analysed is not passed. `--rule unreadable-policy=warning` reports it without failing.
 */
const CLI_DEFAULTS: Record<string, RuleSetting> = { 'unreadable-policy': 'error' };

/** The registry's rules with the CLI's defaults, for SARIF's rule metadata. */
const cliRuleMetas = ruleMetas.map((r) => {
  const setting = CLI_DEFAULTS[r.name];
  return setting && setting !== 'off' ? { ...r, defaultSeverity: setting } : r;
});

/** An IAM policy is at most 10,240 characters; anything this large is not one, and reading it whole risks memory. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split(/\r?\n/)[0]!;
}

/** `force-mfa` in process: returns the exit code, never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    io.stderr.write(`force-mfa: internal error: ${terminalSafe(firstLine(e))}\n`);
    return 2;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  let command;
  try {
    command = parseArgs(
      argv,
      ruleMetas.map((r) => r.name),
    );
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`force-mfa: ${terminalSafe(e.message)}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    io.stdout.write(HELP);
    return 0;
  }
  if (command.kind === 'version') {
    io.stdout.write(`${version}\n`);
    return 0;
  }
  if (command.kind === 'audit-help') {
    io.stdout.write(AUDIT_HELP);
    return 0;
  }
  if (command.kind === 'audit') return auditCommand(command, io, version);
  if (command.kind === 'list-rules') {
    const out = new ChunkedSink(io.stdout);
    writeRuleList(cliRuleMetas, command.format, out);
    out.flush();
    return 0;
  }
  return lintCommand(command, io);
}

/** What one `force-mfa lint` run shares while it goes through the files. */
interface Run {
  cmd: LintCommand;
  io: CliIo;
  fs: CliFileSystem;
  maxFileSize: number;
  /** A Terraform plan's limit: plans reach tens of MB, and are read in linear time and memory. */
  planMaxFileSize: number;
  options: LintOptions;
  report: RunReport;
  /** stdout, in chunks: the report, or the diffs of --fix-dry-run. */
  out: ChunkedSink;
  fix?: FixContext;
  /** The .force-mfa.json files that apply to the run's files (./config.ts). */
  configs?: RunConfigs;
  /** --var-file and --var: Terraform variable values for every Terraform file's module (./terraform-module.ts). */
  values?: ModuleFile[];
  say(level: 'error' | 'warning', line: string): void;
  notify(level: 'error' | 'warning', display: string, reason: string): void;
}

function startRun(cmd: LintCommand, io: CliIo): Run {
  const report: RunReport = { files: [], skippedNotPolicies: 0, skippedTooLarge: 0, pathErrors: [], tooLarge: [], skippedFormatNotRead: 0 };
  const say = (level: 'error' | 'warning', line: string): void => {
    io.stderr.write(`force-mfa: ${level}: ${terminalSafe(line)}\n`);
  };
  const notify = (level: 'error' | 'warning', display: string, reason: string): void => {
    const line = `${display}: ${reason}`;
    if (level === 'error') report.pathErrors.push(line);
    say(level, line);
  };
  const options: LintOptions = {
    rules: { ...CLI_DEFAULTS, ...cmd.rules },
    allowPasswordChangeWithoutMfa: cmd.allowPasswordChangeWithoutMfa,
    ...(cmd.partition ? { partition: cmd.partition } : {}),
  };
  const out = new ChunkedSink(io.stdout);
  const fix = cmd.fix && {
    mode: cmd.fix,
    options,
    fs: io.writeFs ?? nodeWriteFileSystem,
    diff: out,
    fail: (display: string, reason: string) => notify('error', display, reason),
  };
  return {
    cmd,
    io,
    options,
    report,
    out,
    say,
    notify,
    ...(fix ? { fix } : {}),
    fs: io.fs ?? { ...(nodeFsPromises as unknown as CliFileSystem), sync: nodeFs },
    maxFileSize: cmd.maxFileSize ?? io.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    planMaxFileSize: cmd.maxFileSize ?? io.planMaxFileSize ?? PLAN_MAX_FILE_SIZE,
  };
}

async function lintCommand(cmd: LintCommand, io: CliIo): Promise<number> {
  const run = startRun(cmd, io);
  const expander = new PathExpander(run.fs, io.cwd, run.notify, { gitignore: cmd.gitignore, exclude: cmd.exclude });
  const noCatalogue = loadActionCatalogue();
  if (noCatalogue) run.say('warning', noCatalogue);
  for (const p of cmd.paths) {
    if (p === '-') expander.addStdin(cmd.stdinFilename ?? '<stdin>');
    else await expander.expand(p);
  }
  const configs = new RunConfigs(run.fs, io.cwd, cmd.config);
  // --var-file and --var, read once for every Terraform file's module.
  const values = await givenValues(run.fs, io.cwd, cmd.variables);
  if (typeof values !== 'string') run.values = values;
  // A broken configuration (or a --var-file that cannot be read) lints nothing: its errors, with their lines, and exit code 2.
  const configErrors = [...(await configs.prepare(expander.candidates)), ...(typeof values === 'string' ? [values] : [])];
  for (const line of configErrors) run.say('error', line);
  if (configErrors.length > 0) return 2;
  run.configs = configs;
  for (const c of expander.candidates) {
    if (configs.skips(c)) continue;
    const text = await readText(run, c);
    if (text === undefined) continue;
    // The HCL reader is loaded when the first Terraform file (or a page with a Terraform policy block) is linted; if it cannot be, Terraform is not read.
    const hcl = needsTerraformReader(text, c.display) && (await hclReader(run));
    const why = hcl ? undefined : formatNotRead(c.display, text);
    const notRead = why && c.stdin && !cmd.stdinFilename ? STDIN_NOT_READ : why;
    if (notRead === undefined) await lintFile(run, c, text);
    else reportNotRead(run, c, text, notRead);
  }
  const { report, out } = run;
  const configReport = await finishConfigs(configs, cmd.paths, (line) => run.say('warning', line));
  if (configReport) report.configs = configReport;
  // Counted before --quiet leaves warnings out of the report: they still count toward --max-warnings.
  const counts = countSeverities(report.files);
  if (cmd.quiet) quieten(run, counts);
  // Written in chunks: no report is ever one string (a flood of findings cannot exceed string limits).
  if (cmd.fix?.dryRun) io.stderr.write(`${terminalSafe(dryRunSummary(report))}\n`);
  else if (cmd.format === 'json') writeJsonReport(report, out);
  else if (cmd.format === 'sarif') writeSarif(report, { cwd: io.cwd, version, rules: cliRuleMetas }, out);
  else if (cmd.format === 'github') writeGithub(report, io.cwd, out);
  else if (cmd.format === 'junit') writeJunit(report, out);
  else writeStylish(report, out, { color: useColor(cmd.color, io.env ?? {}, io.isTTY === true) });
  out.flush();

  if (report.pathErrors.length > 0) return 2;
  if (counts.error > 0 || report.tooLarge!.length > 0) return 1;
  if (cmd.maxWarnings >= 0 && counts.warning > cmd.maxWarnings) return 1;
  return 0;
}

/**
 * --quiet: only errors are reported, in every format. As in ESLint 9, the warnings left out still
 * count toward --max-warnings; a run they fail says so on stderr, since no line shows them.
 */
function quieten(run: Run, counts: Record<Severity, number>): void {
  for (const f of run.report.files) f.diagnostics = f.diagnostics.filter((d) => d.severity === 'error');
  const { maxWarnings } = run.cmd;
  if (maxWarnings >= 0 && counts.warning > maxWarnings) {
    const n = counts.warning.toLocaleString('en-US');
    run.say('error', `${n} ${counts.warning === 1 ? 'warning' : 'warnings'}, over --max-warnings ${maxWarnings}, not printed (--quiet)`);
  }
}

/** The file's text, or undefined when it is not linted (unreadable, not text, too large: each reported as it should be). */
async function readText(run: Run, c: Candidate): Promise<string | undefined> {
  const { fs, maxFileSize, cmd, report } = run;
  const read = c.stdin
    ? await readStdin(run.io.stdin, maxFileSize)
    : fs.sync
      ? readCandidateSync(fs.sync, c.abs, maxFileSize, run.planMaxFileSize)
      : await readCandidate(fs, c.abs, maxFileSize, run.planMaxFileSize);
  if (read.kind === 'unreadable' || (read.kind === 'not-text' && c.explicit)) {
    run.notify('error', c.display, read.reason);
  } else if (read.kind === 'not-text') {
    report.skippedNotPolicies++;
  } else if (read.kind === 'too-large') {
    // Not linted is not passed: IAM does not count whitespace, so padding would hide any policy. A
    // large Markdown, text or Terraform file found by a walk is ordinary (a log, a changelog, generated
    // HCL), not a policy file, and a walk opens Terraform files only to look for a policy.
    if (cmd.skipLargeFiles || (!c.chosen && isDocumentName(c.display))) {
      run.say(
        'warning',
        `${c.display}: ${read.reason}; skipped (${cmd.skipLargeFiles ? '--skip-large-files' : 'found by walking a folder, and no policy file by its name'})`,
      );
      report.skippedTooLarge++;
    } else {
      const line = `${c.display}: ${read.reason}; not linted, which fails the run: raise the limit with --max-file-size <size>, or skip such files with --skip-large-files`;
      report.tooLarge!.push(line);
      run.say('error', line);
    }
  } else return read.text;
  return undefined;
}

/** Why text on stdin that is not JSON is not read: its format comes from the name it is given. */
const STDIN_NOT_READ =
  'stdin is read as JSON unless --stdin-filename names its format (--stdin-filename template.yaml, main.tf, README.md)';

let hclLoad: Promise<boolean> | undefined;

/**
 * Loads the HCL reader once: its WebAssembly files stand beside the bundle (dist/), or, run from the
 * sources, in node_modules. False, with a warning, when they cannot be loaded.
 */
function hclReader(run: Run): Promise<boolean> {
  hclLoad ??= (async () => {
    const beside = nodeFs.existsSync(`${__dirname}/tree-sitter-terraform.wasm`);
    try {
      if (beside) await loadHcl(__dirname);
      else
        await loadHcl(
          dirOf(require.resolve('web-tree-sitter/tree-sitter.wasm')),
          dirOf(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm')),
        );
      return true;
    } catch (e) {
      run.say('warning', `the Terraform reader could not be loaded (${firstLine(e)}); Terraform files are not read`);
      return false;
    }
  })();
  return hclLoad;
}

const dirOf = (file: string): string => file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')));

async function lintFile(run: Run, c: Candidate, text: string): Promise<void> {
  // The CLI's defaults, then the file's .force-mfa.json, then the flags.
  const options: LintOptions = { ...(run.configs?.lintOptions(c, CLI_DEFAULTS, run.cmd, run.options) ?? run.options), fileName: c.display };
  // A Terraform file is judged with its module: the other .tf files of its folder, the policy files it reads.
  const module =
    isTerraformName(c.display) && !c.stdin && typeof c.abs === 'string'
      ? await terraformModuleOf(run.fs, c.abs, text, run.values)
      : undefined;
  if (module) options.module = module;
  // A Terraform text on stdin has no folder, but --var-file and --var hold for it too.
  else if (run.values?.length && isTerraformName(c.display)) options.module = { files: [], values: run.values };
  let result: LintResult;
  try {
    result = lint(text, options);
  } catch (e) {
    run.notify('error', c.display, `internal error while linting: ${firstLine(e)}`);
    return;
  }
  if (!isListed(c, text, result)) {
    run.report.skippedNotPolicies++;
    return;
  }
  // Only a file that is listed is fixed, and only when a finding offers a fix; the fixes lint it as the same format.
  const accepted = run.configs?.acceptedIn(c, options);
  const fixed =
    run.fix && result.diagnostics.some((d) => d.fixes.length > 0)
      ? await fixFile({ ...run.fix, options, ...(accepted ? { accepted } : {}) }, c, text)
      : undefined;
  const applied = run.fix ? (fixed?.applied ?? []) : undefined;
  // The findings its .force-mfa.json accepts leave the counts and stay in the report, with their reason.
  const final = run.configs?.apply(c, fixed?.text ?? text, options, fixed?.result ?? result) ?? { result: fixed?.result ?? result };
  const file = toFileReport(c.display, c.abs, fixed?.text ?? text, final.result, applied);
  const suppressed = final.suppressed ? { suppressed: final.suppressed } : {};
  // Only SARIF carries fingerprints: the file's tree is read again for them.
  if (run.cmd.format === 'sarif') {
    addFingerprints(fixed?.text ?? text, options, relativeName(run.io.cwd, c), [...file.diagnostics, ...(final.suppressed ?? [])]);
  }
  run.report.files.push({
    ...file,
    status: statusOf({ ...file, diagnostics: [...file.diagnostics, ...(final.suppressed ?? [])] }),
    ...suppressed,
  });
}

/** A file's path from the working folder, with `/` (what SARIF's artifact URIs use); its name as given outside it. */
function relativeName(cwd: string, c: Candidate): string {
  const name = typeof c.abs === 'string' ? path.relative(cwd, c.abs) : c.display;
  return (name === '' || name.startsWith('..') || path.isAbsolute(name) ? c.display : name).split(path.sep).join('/');
}

/**
 * Is a linted file listed (read, or could not be analysed), rather than skipped as holding no
 * policy? Yes when the core found a policy or a CloudFormation template in it. Else, when it has
 * findings: a file named on the command line always; one found by a walk or a glob when it looks
 * like it holds a policy (a broken tsconfig.json, a YAML file with a typo, are not our business).
 */
function isListed(c: Candidate, text: string, result: LintResult): boolean {
  if (result.policies.length > 0 || result.template) return true;
  if (result.diagnostics.length === 0) return false;
  if (c.explicit || isPolicyFile(result, text)) return true;
  return result.diagnostics.some((d) => d.rule === 'unreadable-policy') || policySign(text, false) !== undefined;
}

/**
 * A file in a format the core does not read (`main.tf`, found by a walk or chosen; `deploy.py`,
 * chosen): never a JSON syntax error. When it looks like it holds a policy it is listed with one
 * `unreadable-policy` finding at the first sign of it (could not analyse: by default an error in
 * the CLI, so the run fails); else it is skipped, with a warning when it was named.
 */
function reportNotRead(run: Run, c: Candidate, text: string, why: string): void {
  const sign = policySign(text, true);
  // --rule, else the file's .force-mfa.json, else the CLI's default (CLI_DEFAULTS, in run.options).
  const options = run.configs?.lintOptions(c, CLI_DEFAULTS, run.cmd, run.options) ?? run.options;
  const setting: RuleSetting = options.rules?.['unreadable-policy'] ?? 'error';
  if (!sign || setting === 'off') {
    if (c.explicit)
      run.say('warning', `${c.display}: ${why}; skipped (${sign ? 'unreadable-policy is off' : 'no sign of a policy in it'})`);
    run.report.skippedFormatNotRead!++;
    return;
  }
  const message = `This file looks like it holds a policy (${sign.what}); ${why}, so its MFA enforcement is not checked.`;
  const result: LintResult = {
    policies: [],
    diagnostics: [{ rule: 'unreadable-policy', severity: setting, message, offset: sign.offset, length: sign.length, fixes: [] }],
  };
  const final = run.configs?.apply(c, text, options, result) ?? { result };
  run.report.files.push({
    ...toFileReport(c.display, c.abs, text, final.result),
    status: 'could-not-analyse',
    ...(final.suppressed ? { suppressed: final.suppressed } : {}),
  });
}

/** --fix-dry-run's one line on stderr (stdout holds only the diff). */
function dryRunSummary(report: RunReport): string {
  const fixes = report.files.reduce((n, f) => n + (f.fixed?.length ?? 0), 0);
  const files = report.files.filter((f) => f.fixed?.length).length;
  const c = countSeverities(report.files);
  const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  return (
    `force-mfa: --fix-dry-run: ${plural(fixes, 'fix', 'fixes')} would be applied to ${plural(files, 'file')} (nothing was written); ` +
    `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info would remain.`
  );
}
