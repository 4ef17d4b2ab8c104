/**
 * A configuration applied to a lint result: which findings its `ignore` entries accept (each kept,
 * with the entry and its reason: a suppressed finding is never lost), and, over a whole run, which
 * entries accepted nothing (stale: the policy changed, the file moved, the finding was fixed).
 */
import type { Diagnostic, LintOptions, LintResult, RuleSetting } from '../types';
import { configGlobMatches } from './globs';
import type { ForceMfaConfig, IgnoreEntry } from './parse';
import { holds, placeTree, resolvePointer, statementsWithSid } from './place';
import type { JsonNode } from '../document/tree';

export interface SuppressedFinding {
  diagnostic: Diagnostic;
  entry: IgnoreEntry;
}

export interface ConfiguredResult {
  /** The result with the accepted findings taken out of `diagnostics`. */
  result: LintResult;
  /** The accepted findings, in text order, each with the entry that accepted it. */
  suppressed: SuppressedFinding[];
}

/** The lint options a configuration sets (the host merges them with its own: docs/cli.md says which wins). */
export function configLintOptions(config: ForceMfaConfig): Pick<LintOptions, 'rules' | 'partition' | 'allowPasswordChangeWithoutMfa'> {
  const rules: Record<string, RuleSetting> = { ...config.rules };
  return {
    rules,
    ...(config.partition ? { partition: config.partition } : {}),
    ...(config.allowPasswordChangeWithoutMfa !== undefined ? { allowPasswordChangeWithoutMfa: config.allowPasswordChangeWithoutMfa } : {}),
  };
}

/** A path relative to the configuration's folder, or undefined when the file is outside it. */
function inside(relativePath: string): string | undefined {
  const path = relativePath.replace(/\\/g, '/');
  if (path === '' || path.startsWith('/') || path === '..' || path.startsWith('../')) return undefined;
  return path;
}

/** Is the file (its path relative to the configuration's folder) excluded from linting? */
export function isExcludedByConfig(config: ForceMfaConfig, relativePath: string): boolean {
  const path = inside(relativePath);
  return path !== undefined && config.exclude.some((glob) => configGlobMatches(glob, path));
}

/** The ignore entries that name this file. */
export function entriesFor(config: ForceMfaConfig, relativePath: string): IgnoreEntry[] {
  const path = inside(relativePath);
  return path === undefined ? [] : config.ignore.filter((e) => configGlobMatches(e.files, path));
}

/**
 * Applies the entries that name this file to its lint result. `text` and `options` are those it was
 * linted with (a pointer or a Sid is looked up in the file's tree, parsed only when an entry asks).
 * `used` collects the entries that accepted a finding, for stale entries over a run.
 */
export function applyIgnores(
  result: LintResult,
  entries: readonly IgnoreEntry[],
  text: string,
  options: LintOptions,
  used?: Set<IgnoreEntry>,
): ConfiguredResult {
  if (entries.length === 0) return { result, suppressed: [] };
  let tree: JsonNode | undefined | null = null;
  const treeOf = () => (tree === null ? (tree = placeTree(text, options)) : tree);
  const scopes = new Map<IgnoreEntry, JsonNode[]>();
  const scope = (entry: IgnoreEntry): JsonNode[] => {
    let nodes = scopes.get(entry);
    if (!nodes) {
      const root = treeOf();
      const byPointer = entry.pointer !== undefined && root ? resolvePointer(root, entry.pointer) : undefined;
      const bySid = entry.sid !== undefined && root ? statementsWithSid(byPointer ?? root, entry.sid) : undefined;
      nodes = bySid ?? (byPointer ? [byPointer] : []);
      scopes.set(entry, nodes);
    }
    return nodes;
  };
  const kept: Diagnostic[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const d of result.diagnostics) {
    const entry = entries.find(
      (e) => e.rule === d.rule && (e.pointer === undefined && e.sid === undefined ? true : scope(e).some((n) => holds(n, d.offset))),
    );
    if (entry) {
      suppressed.push({ diagnostic: d, entry });
      used?.add(entry);
    } else kept.push(d);
  }
  return { result: suppressed.length ? { ...result, diagnostics: kept } : result, suppressed };
}

/** The entries of a configuration that accepted no finding in a run (`used` as applyIgnores filled it). */
export function staleEntries(config: ForceMfaConfig, used: ReadonlySet<IgnoreEntry>): IgnoreEntry[] {
  return config.ignore.filter((e) => !used.has(e));
}
