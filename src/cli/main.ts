import * as nodeFs from 'node:fs';
import * as nodeFsPromises from 'node:fs/promises';
import { isPolicyFile, lint, ruleMetas, type LintOptions, type LintResult } from '../core';
import { version } from '../../package.json';
import { HELP, parseArgs, UsageError, type LintCommand } from './args';
import { PathExpander, readCandidate, readCandidateSync, type CliFileSystem } from './files';
import { writeJsonReport } from './format/json';
import { writeSarif } from './format/sarif';
import { ChunkedSink } from './format/stream';
import { writeStylish } from './format/stylish';
import { terminalSafe } from './terminal';
import { countSeverities, toFileReport, type RunReport } from './report';

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
}

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
    command = parseArgs(argv, ruleMetas.map((r) => r.name));
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
  return lintCommand(command, io);
}

async function lintCommand(cmd: LintCommand, io: CliIo): Promise<number> {
  const fs: CliFileSystem = io.fs ?? { ...(nodeFsPromises as unknown as CliFileSystem), sync: nodeFs };
  const maxFileSize = cmd.maxFileSize ?? io.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const report: RunReport = { files: [], skippedNotPolicies: 0, skippedTooLarge: 0, pathErrors: [], tooLarge: [] };
  const say = (level: 'error' | 'warning', line: string): void => {
    io.stderr.write(`force-mfa: ${level}: ${terminalSafe(line)}\n`);
  };
  const notify = (level: 'error' | 'warning', display: string, reason: string): void => {
    const line = `${display}: ${reason}`;
    if (level === 'error') report.pathErrors.push(line);
    say(level, line);
  };

  const expander = new PathExpander(fs, io.cwd, notify);
  for (const p of cmd.paths) await expander.expand(p);

  const options: LintOptions = {
    rules: cmd.rules,
    allowPasswordChangeWithoutMfa: cmd.allowPasswordChangeWithoutMfa,
    ...(cmd.partition ? { partition: cmd.partition } : {}),
  };

  for (const c of expander.candidates) {
    const read = fs.sync ? readCandidateSync(fs.sync, c.abs, maxFileSize) : await readCandidate(fs, c.abs, maxFileSize);
    if (read.kind === 'unreadable' || (read.kind === 'not-text' && c.explicit)) {
      notify('error', c.display, read.reason);
      continue;
    }
    if (read.kind === 'not-text') {
      report.skippedNotPolicies++;
      continue;
    }
    if (read.kind === 'too-large') {
      // Not linted is not passed: IAM does not count whitespace, so padding would hide any policy.
      if (cmd.skipLargeFiles) {
        say('warning', `${c.display}: ${read.reason}; skipped (--skip-large-files)`);
        report.skippedTooLarge++;
      } else {
        const line = `${c.display}: ${read.reason}; not linted, which fails the run: raise the limit with --max-file-size <size>, or skip such files with --skip-large-files`;
        report.tooLarge!.push(line);
        say('error', line);
      }
      continue;
    }
    let result: LintResult;
    try {
      result = lint(read.text, options);
    } catch (e) {
      notify('error', c.display, `internal error while linting: ${firstLine(e)}`);
      continue;
    }
    // Named files are reported unless there is nothing at all to say; found files only when they hold a policy.
    const holdsPolicy = isPolicyFile(result, read.text) || (c.explicit && result.diagnostics.length > 0);
    if (!holdsPolicy) {
      report.skippedNotPolicies++;
      continue;
    }
    report.files.push(toFileReport(c.display, c.abs, read.text, result));
  }

  // Written in chunks: no report is ever one string (a flood of findings cannot exceed string limits).
  const out = new ChunkedSink(io.stdout);
  if (cmd.format === 'json') writeJsonReport(report, out);
  else if (cmd.format === 'sarif') writeSarif(report, { cwd: io.cwd, version, rules: ruleMetas }, out);
  else writeStylish(report, out);
  out.flush();

  if (report.pathErrors.length > 0) return 2;
  const counts = countSeverities(report.files);
  if (counts.error > 0 || report.tooLarge!.length > 0) return 1;
  if (cmd.maxWarnings >= 0 && counts.warning > cmd.maxWarnings) return 1;
  return 0;
}
