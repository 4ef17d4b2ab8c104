// The schema check of one policy document: the validator generated at build time from
// schemas/iam-policy.schema.json (scripts/gen-validator.mjs), behind a wrapper that turns ajv's errors into
// one IAM sentence per problem, placed on the offending node. Runs on every keystroke: a valid document
// costs one validator call and nothing else.
import { validate, type AjvError } from './generated/validate.js';
import { describe, type Problem, type Segment } from './messages';

export interface SchemaProblem {
  message: string;
  offset: number;
  length: number;
  path: Segment[];
}

export type Locate = (path: Segment[], part: 'key' | 'value') => { offset: number; length: number } | undefined;

/** Validates the plain JS value of ONE policy document. Never throws. */
export function validatePolicySchema(value: unknown, locate: Locate): SchemaProblem[] {
  try {
    if (validate(value)) return [];
    const problems = collapse(validate.errors ?? [], value);
    // Document order: ajv's order follows the schema's keywords, not the text.
    return problems.map((p) => place(p, locate)).sort((a, b) => a.offset - b.offset);
  } catch (e) {
    return [{ message: `The policy could not be checked against the IAM schema (${String(e)})`, offset: 0, length: 0, path: [] }];
  }
}

/**
 * The same problems as `validatePolicySchema` on `{ ...top, Statement: [s0, s1, ...] }`, where `top` holds the
 * document's other members and `Statement: []`, and `statementAt(i)` gives the plain value of statement i. Each
 * statement is validated on its own (its errors never depend on another statement's, nor on the top level's),
 * so only one statement's copy is alive at a time: a large document no longer needs a full plain copy. The
 * problems are handed to `emit` in text order as each statement is done (the top level's merged in by offset),
 * so that only one statement's problems are alive at a time either: 10 MB of unknown keys is a million of them.
 */
export function validatePolicyByStatement(
  top: unknown,
  count: number,
  statementAt: (i: number) => unknown,
  locate: Locate,
  emit: (p: SchemaProblem) => void,
): void {
  try {
    const head: SchemaProblem[] = [];
    if (!validate(top)) for (const p of collapse(validate.errors ?? [], top)) head.push(place(p, locate));
    head.sort(byOffset);
    let h = 0;
    for (let i = 0; i < count; i++) {
      const doc = { Statement: [statementAt(i)] };
      if (validate(doc)) continue;
      const batch: SchemaProblem[] = [];
      for (const p of collapse(validate.errors ?? [], doc)) {
        // Every error of a lone statement lies under `Statement/0`: move it to the statement's own index.
        const path = p.path.slice();
        if (path[0] === 'Statement' && path[1] === 0) path[1] = i;
        batch.push(place({ ...p, path }, locate));
      }
      batch.sort(byOffset);
      for (const p of batch) {
        while (h < head.length && head[h]!.offset <= p.offset) emit(head[h++]!);
        emit(p);
      }
    }
    while (h < head.length) emit(head[h++]!);
  } catch (e) {
    emit({ message: `The policy could not be checked against the IAM schema (${String(e)})`, offset: 0, length: 0, path: [] });
  }
}

const byOffset = (a: SchemaProblem, b: SchemaProblem): number => a.offset - b.offset;

/** Decodes a JSON pointer into keys and array indices, reading the value to tell `"0"` from `0`. */
function toPath(pointer: string, doc: unknown): Segment[] {
  if (pointer === '') return [];
  const path: Segment[] = [];
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
    if (Array.isArray(cur)) {
      const index = Number(key);
      path.push(index);
      cur = cur[index];
    } else {
      path.push(key);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

/**
 * One problem, one entry. ajv reports a failed anyOf together with each branch's own failure, and a type
 * error together with whatever else that node broke: keep the anyOf (it says what is needed) and the type
 * error (nothing else about that node matters), drop the echoes, then drop duplicates.
 */
function collapse(errors: readonly AjvError[], doc: unknown): Problem[] {
  const combinators = new Set<string>();
  const typeErrorAt = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') combinators.add(`${e.instancePath}\u0000${e.schemaPath}/`);
    if (e.keyword === 'type') typeErrorAt.add(e.instancePath);
  }
  const out: Problem[] = [];
  const seen = new Set<string>();
  // Errors share instance paths (every unknown key of a statement is at `/Statement/0`): decode each once.
  // The decoded path is shared, never changed in place.
  const paths = new Map<string, Segment[]>();
  for (const e of errors) {
    if (typeErrorAt.has(e.instancePath) && e.keyword !== 'type') continue;
    if (isBranchError(e, combinators)) continue;
    let path = paths.get(e.instancePath);
    if (!path) paths.set(e.instancePath, (path = toPath(e.instancePath, doc)));
    const problem = describe(e, path, doc);
    if (problem === undefined) continue;
    const id = `${problem.message}\u0000${JSON.stringify(problem.path)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(problem);
  }
  return withoutMissingThatIsMisspelled(out);
}

/** `"Actions": ...` is one problem: the misspelling. Drop "needs `Action`" on the same object. */
function withoutMissingThatIsMisspelled(problems: Problem[]): Problem[] {
  const meant = new Set<string>();
  for (const p of problems) {
    if (p.suggests !== undefined) meant.add(`${JSON.stringify(p.path.slice(0, -1))}\u0000${p.suggests}`);
  }
  if (meant.size === 0) return problems;
  return problems.filter((p) => !p.needs?.some((key) => meant.has(`${JSON.stringify(p.path)}\u0000${key}`)));
}

function isBranchError(e: AjvError, combinators: ReadonlySet<string>): boolean {
  if (combinators.size === 0) return false;
  // A branch's schema path extends its combinator's (`#/allOf/0/anyOf/1/required` under `#/allOf/0/anyOf`).
  for (let i = e.schemaPath.lastIndexOf('/'); i > 0; i = e.schemaPath.lastIndexOf('/', i - 1)) {
    if (combinators.has(`${e.instancePath}\u0000${e.schemaPath.slice(0, i + 1)}`)) return true;
  }
  return false;
}

/** The node's range; a key without a range falls back to its value, then to the nearest located ancestor. */
function place(problem: Problem, locate: Locate): SchemaProblem {
  const { message, path, part } = problem;
  let range = locate(path, part) ?? (part === 'key' ? locate(path, 'value') : undefined);
  for (let n = path.length - 1; range === undefined && n >= 0; n--) range = locate(path.slice(0, n), 'value');
  return { message, offset: range?.offset ?? 0, length: range?.length ?? 0, path };
}
