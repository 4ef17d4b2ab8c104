/**
 * `--fix`, `--fix-suggestions`, `--fix-dry-run`: the core's fix engine (the one behind the editor's
 * fix-all) over one file, then the file written atomically, or its diff printed.
 */
import { fixAll, type AppliedFix, type FixAllOptions, type LintOptions, type LintResult } from '../core';
import type { FixMode } from './args';
import { writeUnifiedDiff } from './diff';
import { describeFsError, type FsPath } from './files';
import type { Sink } from './format/stream';
import { writeAtomically, type WriteFileSystem } from './write';

export interface FixedFile {
  /** The text after fixing, as written (or as it would be, with --fix-dry-run). */
  text: string;
  /** Its findings: what remains. */
  result: LintResult;
  applied: AppliedFix[];
}

export interface FixTarget {
  display: string;
  abs: FsPath;
}

export interface FixContext {
  mode: FixMode;
  options: LintOptions;
  fs: WriteFileSystem;
  /** Where --fix-dry-run prints its diffs. */
  diff: Sink;
  /** Reports a file that could not be written (an error: exit code 2). */
  fail(display: string, reason: string): void;
  /** The findings its .force-mfa.json accepts in a text: --fix leaves them as they are. */
  accepted?: FixAllOptions['accepted'];
}

/**
 * Fixes one file's text. Undefined when the text stays as it is (nothing to fix, or it could not be
 * written): its findings are then those of the text as read.
 */
export async function fixFile(ctx: FixContext, file: FixTarget, text: string): Promise<FixedFile | undefined> {
  const out = fixAll(text, ctx.options, { includeSuggestions: ctx.mode.suggestions, ...(ctx.accepted ? { accepted: ctx.accepted } : {}) });
  if (out.text === text) return undefined;
  const fixed = { text: out.text, result: out.result, applied: out.rounds.flat() };
  if (ctx.mode.dryRun) {
    writeUnifiedDiff(ctx.diff, file.display, text, out.text);
    return fixed;
  }
  try {
    await writeAtomically(ctx.fs, file.abs, out.text);
  } catch (e) {
    ctx.fail(file.display, `cannot write the fixed text (the file is unchanged): ${describeFsError(e)}`);
    return undefined;
  }
  return fixed;
}
