/**
 * The predicates behind the properties. Each throws an AssertionError (with the text in its message)
 * when the core breaks a promise; fast-check then shrinks the input.
 */
import assert from 'node:assert/strict';
import { parseTree, findNodeAtLocation, type Node } from 'jsonc-parser';
import * as core from '../../src/core';
import type { Diagnostic, Edit, Fix, LintOptions, LintResult, PolicyResult, Severity } from '../../src/core';
import { editsOf } from '../../src/core';

/** A fix's edits, built by the core (re-exported for the property files). */
export { editsOf };

type ApplyEdits = (text: string, edits: Edit[]) => string;
/** The core's applyEdits (contract); a throwing stand-in until the core exports it. */
export const applyEdits: ApplyEdits =
  (core as unknown as { applyEdits?: ApplyEdits }).applyEdits ??
  (() => {
    throw new Error('core.applyEdits is not exported yet');
  });

let tracer: ((text: string, options: LintOptions) => void) | undefined;
/** Called with every text before it is linted: the fuzz run's hang watchdog records it. */
export function setTracer(f: typeof tracer): void {
  tracer = f;
}

/** lint, traced. */
export function lint(text: string, options: LintOptions = {}): LintResult {
  tracer?.(text, options);
  return core.lint(text, options);
}

/** Counters that the fuzz run reports. */
export interface Stats {
  inputs: number;
  policies: number;
  fixesChecked: number;
  insertDenyChecked: number;
  fixesByTitle: Map<string, number>;
  diagnosticsByRule: Map<string, number>;
  verdicts: Map<string, number>;
}

export function newStats(): Stats {
  return {
    inputs: 0,
    policies: 0,
    fixesChecked: 0,
    insertDenyChecked: 0,
    fixesByTitle: new Map(),
    diagnosticsByRule: new Map(),
    verdicts: new Map(),
  };
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);
const VERDICTS = new Set(['enforced', 'weak', 'missing', 'not-applicable']);
const KINDS = new Set(['identity', 'resource', 'trust']);

/** The shape every LintResult must have, whatever the input. */
export function assertWellFormed(text: string, r: LintResult, fixesMayBeEmpty = false): void {
  assert.ok(r !== null && typeof r === 'object', 'lint returned no object');
  assert.ok(Array.isArray(r.policies), 'policies is not an array');
  assert.ok(Array.isArray(r.diagnostics), 'diagnostics is not an array');
  for (const p of r.policies) {
    assert.ok(VERDICTS.has(p.mfa), `bad verdict ${p.mfa}`);
    assert.ok(KINDS.has(p.kind), `bad kind ${p.kind}`);
    assert.ok(Array.isArray(p.lockout), 'lockout is not an array');
    assert.equal(typeof p.reason, 'string');
    assertRange(text, p.offset, p.length, 'policy');
  }
  for (const d of r.diagnostics) {
    assert.equal(typeof d.rule, 'string');
    assert.ok(d.rule.length > 0, 'empty rule name');
    assert.ok(SEVERITIES.has(d.severity), `bad severity ${d.severity}`);
    assert.equal(typeof d.message, 'string');
    assert.ok(d.message.length > 0, `empty message for ${d.rule}`);
    assertRange(text, d.offset, d.length, `diagnostic ${d.rule}`);
    assert.ok(Array.isArray(d.fixes), `fixes of ${d.rule} is not an array`);
    if (d.policy !== undefined)
      assert.ok(d.policy >= 0 && d.policy < r.policies.length, `diagnostic ${d.rule} points at policy ${d.policy}`);
    for (const f of d.fixes) {
      assert.ok(typeof f.title === 'string' && f.title.length > 0, `fix of ${d.rule} has no title`);
      assert.ok(f.kind === 'safe' || f.kind === 'suggestion', `fix kind ${f.kind}`);
      assert.ok(fixesMayBeEmpty || editsOf(f).length > 0, `fix "${f.title}" has no edits`);
      for (const e of editsOf(f)) {
        assertRange(text, e.offset, e.length, `edit of "${f.title}"`);
        assert.equal(typeof e.content, 'string');
      }
    }
  }
}

function assertRange(text: string, offset: number, length: number, what: string): void {
  assert.ok(Number.isInteger(offset) && Number.isInteger(length), `${what}: non-integer range ${offset}+${length}`);
  assert.ok(
    offset >= 0 && length >= 0 && offset + length <= text.length,
    `${what}: range ${offset}+${length} outside text of ${text.length}`,
  );
}

/** "No exception, ever": lint returns a well-formed result, and every fix it offers applies. */
export function checkNoThrow(text: string, options: LintOptions, stats?: Stats, anyFormat = false): void {
  const r = lint(text, options);
  // In JSON every fix has edits; in other formats a writer may have none to write in some layouts.
  assertWellFormed(text, r, anyFormat);
  if (anyFormat) {
    const internal = r.diagnostics.find((d) => d.rule === 'internal-error');
    assert.ok(!internal, `internal-error in ${String(options.fileName)}: ${internal?.message}`);
  }
  for (const d of r.diagnostics) for (const f of d.fixes) assert.equal(typeof applyEdits(text, editsOf(f)), 'string');
  if (stats) stats.inputs++;
}

// ---- statements by offsets ----

export interface Span {
  offset: number;
  length: number;
  text: string;
}

/** The statements of the policy at a JSON pointer ('' = the whole file), by their exact text. */
export function statementsOf(text: string, pointer = ''): Span[] {
  const root = parseTree(text, [], { disallowComments: true });
  if (!root) return [];
  const path =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'));
  const doc = findNodeAtLocation(
    root,
    path.map((seg, i) => (/^\d+$/.test(seg) && pathParentIsArray(root, path, i) ? Number(seg) : seg)),
  );
  if (!doc || doc.type !== 'object') return [];
  const st = findNodeAtLocation(doc, ['Statement']);
  if (!st) return [];
  const nodes: Node[] = st.type === 'array' ? (st.children ?? []) : [st];
  return nodes.map((n) => ({ offset: n.offset, length: n.length, text: text.slice(n.offset, n.offset + n.length) }));
}

function pathParentIsArray(root: Node, path: string[], i: number): boolean {
  const parent = i === 0 ? root : findNodeAtLocation(root, path.slice(0, i));
  return parent?.type === 'array';
}

/**
 * Follow each old statement through the edits: one that no edit touches must be found in the new text
 * at its shifted offset, byte for byte (by position, so that two identical statements are not confused).
 */
function matchStatements(before: Span[], after: Span[], edits: readonly Edit[]): { changed: number[]; kept: Map<number, number> } {
  const kept = new Map<number, number>();
  const changed: number[] = [];
  const byOffset = new Map(after.map((s, k) => [s.offset, k]));
  for (const [i, s] of before.entries()) {
    const end = s.offset + s.length;
    const touched = edits.some((e) =>
      e.length > 0 ? e.offset < end && e.offset + e.length > s.offset : e.offset > s.offset && e.offset < end,
    );
    const shift = edits
      .filter((e) => e.offset + e.length <= s.offset && !(e.length > 0 && e.offset === s.offset && s.length === 0))
      .reduce((a, e) => a + e.content.length - e.length, 0);
    const k = byOffset.get(s.offset + shift);
    if (!touched && k !== undefined && after[k]!.text === s.text) kept.set(i, k);
    else changed.push(i);
  }
  return { changed, kept };
}

/** Where an offset of the old text is in the new one (inside a replaced range: at the replacement's end). */
function mapOffset(pos: number, edits: readonly Edit[]): number {
  let shift = 0;
  for (const e of edits) {
    if (e.offset + e.length <= pos) shift += e.content.length - e.length;
    else if (e.offset < pos) shift += e.offset + e.content.length - pos;
  }
  return pos + shift;
}

const SEV_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };
const VERDICT_RANK: Record<string, number> = { missing: 1, weak: 2, enforced: 3 };

const inside = (pos: number, s: Span) => pos >= s.offset && pos < s.offset + s.length;
const overlaps = (e: Edit, s: Span) => e.offset < s.offset + s.length && e.offset + e.length > s.offset;

function countBy(ds: Diagnostic[], key: (d: Diagnostic) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of ds) bump(m, key(d));
  return m;
}

export const verdictOf = (p: PolicyResult) => ({
  kind: p.kind,
  mfa: p.mfa,
  lockout: [...new Set(p.lockout.map((a) => a.toLowerCase()))].sort(),
});

/**
 * "Fixes round-trip": every fix offered for a valid policy leaves valid JSON, keeps every other
 * statement byte for byte, removes its finding, adds nothing worse, and is not offered again.
 */
export function checkFixRoundTrip(text: string, options: LintOptions, stats?: Stats): void {
  const before = lint(text, options);
  assertWellFormed(text, before);
  if (stats) {
    stats.policies++;
    for (const d of before.diagnostics) bump(stats.diagnosticsByRule, d.rule);
    for (const p of before.policies) bump(stats.verdicts, p.lockout.length ? `${p.mfa}+lockout` : p.mfa);
    if (before.policies.length === 0) bump(stats.verdicts, 'no policy');
  }
  // The first policy of the file (the generated texts hold one, maybe embedded in a template).
  const pointer = before.policies[0]?.pointer ?? '';
  const stBefore = statementsOf(text, pointer);
  for (const d of before.diagnostics) {
    for (const fix of d.fixes) {
      let insertedDeny: boolean;
      try {
        insertedDeny = checkOneFix(text, options, before, stBefore, pointer, d, fix);
      } catch (e) {
        if (e instanceof Error) e.message += `\n--- input ${JSON.stringify(options)}:\n${text}`;
        throw e;
      }
      if (stats) {
        stats.fixesChecked++;
        if (insertedDeny) stats.insertDenyChecked++;
        bump(stats.fixesByTitle, fix.title);
      }
    }
  }
}

/** Checks one fix; true when it was an "insert the deny". */
function checkOneFix(
  text: string,
  options: LintOptions,
  before: LintResult,
  stBefore: Span[],
  pointer: string,
  d: Diagnostic,
  fix: Fix,
): boolean {
  const where = `fix "${fix.title}" for ${d.rule} at ${d.offset}`;
  const out = applyEdits(text, editsOf(fix));
  try {
    JSON.parse(out);
  } catch (e) {
    assert.fail(`${where}: result is not valid JSON (${(e as Error).message}):\n${out}`);
  }

  // Inserted text follows the document's own line endings and indentation character.
  for (const e of editsOf(fix)) {
    if (text.includes('\r\n'))
      assert.ok(!/(^|[^\r])\n/.test(e.content), `${where}: inserts a bare LF into a CRLF document: ${JSON.stringify(e.content)}`);
    else if (text.includes('\n'))
      assert.ok(!e.content.includes('\r'), `${where}: inserts a CR into an LF document: ${JSON.stringify(e.content)}`);
    if (/\n\t/.test(text) && !/\n +\S/.test(text))
      assert.ok(!/\n\t* +\S/.test(e.content), `${where}: indents with spaces in a tab-indented document: ${JSON.stringify(e.content)}`);
    if (/\n +\S/.test(text) && !/\n\t/.test(text))
      assert.ok(!/\n *\t/.test(e.content), `${where}: indents with tabs in a space-indented document: ${JSON.stringify(e.content)}`);
  }

  // Every original statement byte for byte, except at most the one repaired.
  const stAfter = statementsOf(out, pointer);
  const { changed, kept } = matchStatements(stBefore, stAfter, editsOf(fix));
  assert.ok(changed.length <= 1, `${where}: changed ${changed.length} statements (${changed.join(', ')}), at most one may change:\n${out}`);
  assert.ok(stAfter.length >= stBefore.length, `${where}: ${stBefore.length - stAfter.length} statement(s) lost:\n${out}`);
  if (changed.length === 1) {
    const repaired = stBefore[changed[0]!]!;
    for (const e of editsOf(fix)) {
      for (const [i, s] of stBefore.entries()) {
        if (i !== changed[0] && overlaps(e, s)) assert.fail(`${where}: edits statement ${i} besides the repaired ${changed[0]}`);
      }
    }
    assert.ok(
      editsOf(fix).some(
        (e) => overlaps(e, repaired) || (e.length === 0 && e.offset >= repaired.offset && e.offset <= repaired.offset + repaired.length),
      ),
      `${where}: statement ${changed[0]} changed but no edit touches it`,
    );
  }

  const after = lint(out, options);
  assertWellFormed(out, after);
  // Untouched: kept byte for byte, and not the statement the fixed finding sits in (a fix may repair a
  // finding inside a statement by an edit elsewhere, e.g. Version for a policy variable).
  const untouched = [...kept].filter(([i]) => !inside(d.offset, stBefore[i]!));
  const untouchedBefore = untouched.map(([i]) => stBefore[i]!);
  const untouchedAfter = untouched.map(([, k]) => stAfter[k]!);
  const inAny = (pos: number, spans: Span[]) => spans.some((s) => inside(pos, s));

  // The finding is gone: fewer findings of that rule outside the untouched statements.
  const nBefore = before.diagnostics.filter((x) => x.rule === d.rule && !inAny(x.offset, untouchedBefore)).length;
  const nAfter = after.diagnostics.filter((x) => x.rule === d.rule && !inAny(x.offset, untouchedAfter)).length;
  assert.ok(nAfter < nBefore, `${where}: the finding is still there (${nBefore} -> ${nAfter} outside untouched statements):\n${out}`);

  // Nothing worse: no finding of a higher severity than the fixed one that was not there before.
  const cb = countBy(before.diagnostics, (x) => `${x.rule}/${x.severity}`);
  for (const [key, n] of countBy(after.diagnostics, (x) => `${x.rule}/${x.severity}`)) {
    const sev = key.slice(key.lastIndexOf('/') + 1) as Severity;
    if (SEV_RANK[sev] > SEV_RANK[d.severity] && n > (cb.get(key) ?? 0)) {
      const msgs = after.diagnostics.filter((x) => `${x.rule}/${x.severity}` === key).map((x) => x.message);
      assert.fail(`${where}: a new ${key} appeared: ${msgs.join(' | ')}\n${out}`);
    }
  }
  // ... and no verdict got worse, nor a lock-out grew.
  assert.equal(after.policies.length, before.policies.length, `${where}: policy count changed`);
  for (const [i, p] of before.policies.entries()) {
    const q = after.policies[i]!;
    if (p.mfa in VERDICT_RANK) {
      assert.ok((VERDICT_RANK[q.mfa] ?? 0) >= VERDICT_RANK[p.mfa]!, `${where}: verdict ${p.mfa} -> ${q.mfa}:\n${out}`);
    }
    const was = new Set(verdictOf(p).lockout);
    const grown = verdictOf(q).lockout.filter((a) => !was.has(a));
    assert.deepEqual(grown, [], `${where}: lock-out grew by ${grown.join(', ')}:\n${out}`);
  }

  // "Insert the deny": one new Deny statement; then the policy is enforced, with no new lock-out.
  const inserted = stAfter.length === stBefore.length + 1 && changed.length === 0;
  if (inserted) {
    for (const [i, p] of before.policies.entries()) {
      const q = after.policies[i]!;
      assert.equal(q.mfa, 'enforced', `${where}: after inserting the deny the verdict is ${q.mfa} (${q.reason}):\n${out}`);
      if (p.lockout.length === 0) assert.deepEqual(q.lockout, [], `${where}: lock-out after inserting the deny:\n${out}`);
    }
  }

  // Applying the same fix again offers nothing. A title offered once: it is gone, except on untouched
  // statements. A title offered for several findings (one per ARN, say): not again for this finding,
  // i.e. on a finding that overlaps where the fixed one is now.
  const sameTitleBefore = before.diagnostics.reduce((n, x) => n + x.fixes.filter((f) => f.title === fix.title).length, 0);
  const from = mapOffset(d.offset, editsOf(fix));
  const to = mapOffset(d.offset + d.length, editsOf(fix));
  for (const x of after.diagnostics) {
    if (inAny(x.offset, untouchedAfter)) continue;
    if (sameTitleBefore > 1 && (x.offset > to || x.offset + x.length < from)) continue;
    for (const f of x.fixes) {
      assert.notEqual(f.title, fix.title, `${where}: offered again (for ${x.rule} at ${x.offset}) after it was applied:\n${out}`);
    }
  }
  return inserted;
}
