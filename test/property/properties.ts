/**
 * Every property of the robustness suite, with its run counts: `full` for `npm run fuzz`, `ci` for the
 * fixed-seed share that `npm test` runs. Both share this one definition.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LintOptions } from '../../src/core';
import { applyEdits, checkFixRoundTrip, checkNoThrow, editsOf, lint, verdictOf, type Stats } from './checks';
import { isObj, mapObjects, o, permute, render, type J, type JObj, type Layout } from './json-model';
import { layoutArb, policyArb } from './policy-arbitrary';
import { chaoticPolicy, hostileText } from './text-arbitrary';
import { hostileRecipe } from './hostile-arbitrary';
import { HOLDERS, formatCase, holderIndex } from './formats-arbitrary';
import { checkWithinBudget } from './budget';
import { checkYamlFixAll, checkYamlFixes, renderYamlTemplate, yamlStyleArb } from './yaml-template';
import { checkTerraformFixes, checkTerraformMarkdownFixes, renderTerraform, terraformStyleArb } from './terraform';

export interface PropertyDef {
  name: string;
  /** Runs in `npm run fuzz`. */
  full: number;
  /** Runs in the fixed-seed share of `npm test`. */
  ci: number;
  /** Fixed seed of the `npm test` share. */
  seed: number;
  build(stats: Stats): fc.IPropertyWithHooks<any>;
}

const RULE_NAMES = [
  'json-syntax',
  'missing-mfa-deny',
  'bool-without-ifexists',
  'weakening-exemption',
  'mfa-lockout',
  'policy-size-limit',
  'no-such-rule',
];

/** Options a user can set, including nonsense that the core must shrug off. */
const anyOptions: fc.Arbitrary<LintOptions> = fc.record(
  {
    partition: fc.constantFrom('aws', 'aws-cn', 'aws-us-gov'),
    allowPasswordChangeWithoutMfa: fc.boolean(),
    rules: fc.dictionary(fc.constantFrom(...RULE_NAMES), fc.constantFrom('error', 'warning', 'info', 'off')),
    formatting: fc.record(
      { tabSize: fc.integer({ min: 0, max: 8 }), insertSpaces: fc.boolean(), eol: fc.constantFrom('\n', '\r\n') },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<LintOptions>;

/** Options that keep every rule on: the fix round-trip must see every finding. */
const fixOptions: fc.Arbitrary<LintOptions> = fc.record(
  {
    partition: fc.constantFrom('aws', 'aws', 'aws', 'aws-cn', 'aws-us-gov'),
    allowPasswordChangeWithoutMfa: fc.boolean(),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<LintOptions>;

const policyVerdicts = (text: string, options: LintOptions = {}) => lint(text, options).policies.map(verdictOf);

// ---- transformations that must not change a verdict ----

function reorderKeys(p: JObj, randoms: number[]): J {
  let n = 0;
  return mapObjects(p, (entries) =>
    permute(
      entries,
      randoms.map((r) => r + n++),
    ),
  );
}

function reorderStatements(p: JObj, randoms: number[]): JObj {
  return { obj: p.obj.map(([k, v]): [string, J] => [k, k === 'Statement' && Array.isArray(v) ? permute(v, randoms) : v]) };
}

/** A deterministic case scramble: same seed, same result. */
export function scrambleCase(s: string, seed: number): string {
  let x = seed | 0;
  let out = '';
  for (const ch of s) {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    out += (x >>> 16) & 1 ? ch.toUpperCase() : ch.toLowerCase();
  }
  return out;
}

function changeCase(p: JObj, seed: number): JObj {
  let n = seed;
  const names = (v: J): J => (typeof v === 'string' ? scrambleCase(v, n++) : Array.isArray(v) ? v.map(names) : v);
  const statement = (s: J): J => {
    if (!isObj(s)) return s;
    return {
      obj: s.obj.map(([k, v]): [string, J] => {
        if (k === 'Action' || k === 'NotAction') return [k, names(v)];
        if (k === 'Condition' && isObj(v)) {
          const ops = v.obj.map(([op, keys]): [string, J] => [
            op,
            isObj(keys) ? { obj: keys.obj.map(([ck, cv]): [string, J] => [scrambleCase(ck, n++), cv]) } : keys,
          ]);
          return [k, { obj: ops }];
        }
        return [k, v];
      }),
    };
  };
  return { obj: p.obj.map(([k, v]): [string, J] => [k, k === 'Statement' ? (Array.isArray(v) ? v.map(statement) : statement(v)) : v]) };
}

function sameVerdicts(a: string, b: string, what: string, stats: Stats): void {
  const va = policyVerdicts(a);
  const vb = policyVerdicts(b);
  stats.inputs += 2;
  stats.policies += 2;
  assert.deepEqual(vb, va, `${what} changed the verdict:\n--- before\n${a}\n--- after\n${b}`);
}

// ---- pasted characters ----

/** What a browser copy does to a clean policy; the safe fix must undo it exactly. */
type Paste = 'nbsp' | 'smart-quotes' | 'zero-width';
function paste(text: string, how: Paste): string {
  if (how === 'nbsp') return text.replace(/ /g, '\u00a0');
  if (how === 'zero-width') return text.replace(/,/g, ',\u200b');
  let open = true;
  return text.replace(/"/g, () => {
    open = !open;
    return open ? '\u201d' : '\u201c';
  });
}

const spacedLayout: fc.Arbitrary<Layout> = layoutArb.map((l) => ({ ...l, indent: l.indent === '\t' || l.indent === '' ? '  ' : l.indent }));

const randoms = fc.array(fc.nat(), { minLength: 1, maxLength: 8 });

/** "Verdicts are stable": a policy and its transformed rendering get the same verdicts and lock-outs. */
function stableUnder<T>(
  name: string,
  seed: number,
  arb: fc.Arbitrary<T>,
  pair: (p: JObj, l: Layout, t: T) => [string, string],
  what: string,
): PropertyDef {
  return {
    name: `verdict-stable-under-${name}`,
    full: 5_000,
    ci: 250,
    seed,
    build: (stats) => fc.property(policyArb, layoutArb, arb, (p, l, t) => sameVerdicts(...pair(p, l, t), what, stats)),
  };
}

function looksLikeIam(p: JObj): boolean {
  const st = p.obj.find(([k]) => k === 'Statement')?.[1];
  return st !== undefined && (p.obj.some(([k]) => k === 'Version') || isObj(st) || (Array.isArray(st) && st.length > 0));
}

/** The policy as the PolicyDocument of a CloudFormation template: found by its pointer, judged the same. */
function embed(p: JObj): JObj {
  return o(
    ['AWSTemplateFormatVersion', '2010-09-09'],
    [
      'Resources',
      o([
        'ForceMfaPolicy',
        o(['Type', 'AWS::IAM::ManagedPolicy'], ['Properties', o(['ManagedPolicyName', 'force-mfa'], ['PolicyDocument', p])]),
      ]),
    ],
  );
}

export const PROPERTIES: PropertyDef[] = [
  {
    name: 'lint-never-throws',
    full: 100_000,
    ci: 3_000,
    seed: 20_261_128,
    build: (stats) => fc.property(hostileText, anyOptions, (text, options) => checkNoThrow(text, options, stats)),
  },
  {
    // Texts built to hang, crash or flood (long wildcards, variables and unterminated `${`, error floods, star runs,
    // case variants, unknown operators and keys, fixes on one minified line), each linted at n and 2n: no exception,
    // and work (the core's meters) and output (findings, fixes) within a per-character budget, growing linearly.
    name: 'hostile-inputs-within-budget',
    full: 3_000,
    ci: 150,
    seed: 10_010,
    build: (stats) =>
      fc.property(hostileRecipe, fc.integer({ min: 1_000, max: 30_000 }), (recipe, n) => void checkWithinBudget(recipe, n, stats)),
  },
  {
    // The same promise in every format and every place a policy may be held (formats-arbitrary.ts): a result
    // of the right shape, never an internal error, ranges inside the text, and every fix's edits applicable
    // (a fix may have none where its writer cannot write in that place; the hosts then do not offer it).
    name: 'lint-never-throws-in-every-format',
    full: 30_000,
    ci: 600,
    seed: 20_261_130,
    build: (stats) =>
      fc.property(formatCase, anyOptions, ({ text, fileName }, options) => checkNoThrow(text, { ...options, fileName }, stats, true)),
  },
  {
    name: 'lint-is-deterministic',
    full: 5_000,
    ci: 300,
    seed: 99,
    build: (stats) =>
      fc.property(hostileText, anyOptions, (text, options) => {
        stats.inputs += 2;
        // JSON.stringify reads every (lazy) fix's edits too.
        assert.equal(JSON.stringify(lint(text, options)), JSON.stringify(lint(text, options)), 'two lints of one text differ');
      }),
  },
  {
    name: 'fixes-round-trip',
    full: 12_000,
    ci: 600,
    seed: 4_242,
    build: (stats) =>
      fc.property(policyArb, layoutArb, fixOptions, (p, layout, options) => checkFixRoundTrip(render(p, layout), options, stats)),
  },
  {
    name: 'fixes-round-trip-on-odd-policies',
    full: 5_000,
    ci: 300,
    seed: 5_151,
    // Valid JSON whose IAM fields hold random JSON: the fixes offered there must hold up as well.
    build: (stats) => fc.property(chaoticPolicy, fixOptions, (text, options) => checkFixRoundTrip(text, options, stats)),
  },
  {
    name: 'fixes-round-trip-embedded',
    full: 3_000,
    ci: 150,
    seed: 6_262,
    build: (stats) =>
      fc.property(policyArb, layoutArb, fixOptions, (p, layout, options) => checkFixRoundTrip(render(embed(p), layout), options, stats)),
  },
  {
    name: 'fixes-round-trip-yaml',
    full: 3_000,
    ci: 150,
    seed: 8_383,
    // The policy as a CloudFormation YAML template in one of several styles: every fix offered keeps it YAML.
    build: (stats) =>
      fc.property(policyArb, yamlStyleArb, fixOptions, (p, style, options) =>
        checkYamlFixes(renderYamlTemplate(p, style), { ...options, fileName: 'template.yaml' }, stats),
      ),
  },
  {
    name: 'fixes-round-trip-terraform',
    full: 3_000,
    ci: 120,
    seed: 1_313,
    // The policy as an aws_iam_policy_document or a jsonencode in a Terraform file: every fix offered stays HCL (the reader must be loaded: terraformReader).
    build: (stats) =>
      fc.property(policyArb, terraformStyleArb, fixOptions, (p, style, options) =>
        checkTerraformFixes(renderTerraform(p, style), { ...options, fileName: 'main.tf' }, stats),
      ),
  },
  {
    name: 'fixes-round-trip-terraform-markdown',
    full: 1_000,
    ci: 60,
    seed: 1_414,
    // The same Terraform shown in a Markdown page's ```hcl fence: every fix is written in HCL inside the fence (the reader must be loaded).
    build: (stats) =>
      fc.property(policyArb, terraformStyleArb, fixOptions, (p, style, options) =>
        checkTerraformMarkdownFixes(renderTerraform(p, style), { ...options, fileName: 'README.md' }, stats),
      ),
  },
  {
    name: 'fix-all-yaml',
    full: 2_000,
    ci: 100,
    seed: 9_494,
    build: (stats) =>
      fc.property(policyArb, yamlStyleArb, fixOptions, fc.boolean(), (p, style, options, suggestions) =>
        checkYamlFixAll(renderYamlTemplate(p, style), { ...options, fileName: 'template.yaml' }, suggestions, stats),
      ),
  },
  {
    name: 'fixes-converge',
    full: 3_000,
    ci: 200,
    seed: 77,
    // What "fix all" does: apply a fix, lint again, repeat. It must end (no two fixes undoing each
    // other), every step is valid JSON, and at the end no fix is left.
    build: (stats) =>
      fc.property(policyArb, layoutArb, fixOptions, fc.nat(), (p, layout, options, pick) => {
        let text = render(p, layout);
        const seen = new Set<string>([text]);
        for (let step = 0; ; step++) {
          const fixes = lint(text, options).diagnostics.flatMap((d) => d.fixes);
          stats.inputs++;
          if (fixes.length === 0) return;
          assert.ok(step < 40, `still ${fixes.length} fixes after 40 steps: ${fixes.map((f) => f.title).join(' | ')}\n${text}`);
          const fix = fixes[(pick + step) % fixes.length]!;
          text = applyEdits(text, editsOf(fix));
          stats.fixesChecked++;
          JSON.parse(text);
          assert.ok(!seen.has(text), `fix "${fix.title}" brought back an earlier text (a cycle):\n${text}`);
          seen.add(text);
        }
      }),
  },
  {
    name: 'pasted-characters-fix-restores-the-text',
    full: 2_000,
    ci: 300,
    seed: 7,
    build: (stats) =>
      fc.property(policyArb, spacedLayout, fc.constantFrom<Paste>('nbsp', 'smart-quotes', 'zero-width'), (p, layout, how) => {
        const clean = render(p, layout);
        const pasted = paste(clean, how);
        fc.pre(pasted !== clean);
        const r = lint(pasted);
        stats.inputs++;
        const pc = r.diagnostics.filter((d) => d.rule === 'pasted-characters');
        assert.equal(pc.length, 1, `${how}: ${pc.length} pasted-characters diagnostics`);
        assert.deepEqual(
          r.diagnostics.filter((d) => d.rule === 'json-syntax').map((d) => d.message),
          [],
          `${how}: a cascade of syntax errors`,
        );
        const fix = pc[0]!.fixes.find((f) => f.kind === 'safe');
        assert.ok(fix, `${how}: no safe fix`);
        stats.fixesChecked++;
        assert.equal(applyEdits(pasted, editsOf(fix)), clean, `${how}: the fix does not restore the clean text`);
      }),
  },
  stableUnder('reindent', 11, layoutArb, (p, l, l2) => [render(p, l), render(p, l2)], 're-indenting'),
  stableUnder('key-order', 12, randoms, (p, l, rs) => [render(p, l), render(reorderKeys(p, rs), l)], 'reordering keys'),
  stableUnder('statement-order', 13, randoms, (p, l, rs) => [render(p, l), render(reorderStatements(p, rs), l)], 'reordering statements'),
  // Only documents that look like IAM when nested (a Statement, and a Version or a statement): a lone
  // {"Version"} or {"Statement": []} is a policy as a whole file, not inside a template.
  stableUnder(
    'embedding-in-a-template',
    15,
    fc.constant(null),
    (p, l) => (fc.pre(looksLikeIam(p)), [render(p, l), render(embed(p), l)]),
    'embedding the policy in a CloudFormation template',
  ),
  {
    // A policy's verdict, kind and lock-out are the same wherever it is held: a Markdown fence (top level, list
    // item, blockquote), a JSON string in a template, a YAML block scalar, a plan's values.policy, a Terraform
    // template file, a .txt file. The string and fence front-ends map and decode; they must never change what IAM decides.
    name: 'verdict-stable-in-every-format',
    full: 5_000,
    ci: 250,
    seed: 16,
    build: (stats) =>
      fc.property(policyArb, layoutArb, holderIndex, (p, l, i) => {
        fc.pre(looksLikeIam(p));
        const json = render(p, l);
        const { text, fileName } = HOLDERS[i]!.hold(json);
        const before = policyVerdicts(json);
        fc.pre(before.length === 1);
        stats.inputs += 2;
        stats.policies += 2;
        assert.deepEqual(policyVerdicts(text, { fileName }), before, `held in ${HOLDERS[i]!.name}, the verdict changed:\n${text}`);
      }),
  },
  stableUnder(
    'case-of-keys-and-actions',
    14,
    fc.integer(),
    (p, l, seed) => [render(p, l), render(changeCase(p, seed), l)],
    'changing the case of condition keys and action names',
  ),
];

export interface RunSettings {
  numRuns: number;
  seed: number;
  path?: string;
  /** Time allowed for shrinking a failure (ms); shrinking a long hostile string can take minutes. */
  shrinkMs?: number;
}

/**
 * Runs one property; on failure the error names the seed and path and how to replay it.
 * Two phases: find a failure without shrinking, then shrink it within a time limit.
 */
export function runProperty(def: PropertyDef, stats: Stats, settings: RunSettings): void {
  const first = fc.check(def.build(stats), { numRuns: settings.numRuns, seed: settings.seed, path: settings.path, endOnFailure: true });
  if (!first.failed) return;
  const shrunk = fc.check(def.build(stats), {
    seed: settings.seed,
    path: first.counterexamplePath ?? undefined,
    interruptAfterTimeLimit: settings.shrinkMs ?? 20_000,
  });
  const details = shrunk.failed ? shrunk : first;
  const replay = `npm run fuzz -- --only ${def.name} --seed ${details.seed} --path ${details.counterexamplePath} --runs 1`;
  const err = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const example = JSON.stringify(details.counterexample);
  throw new Error(
    `${def.name} failed (seed ${details.seed}, ${details.numShrinks} shrinks${details.interrupted ? ', shrinking cut short' : ''}).\n` +
      `Replay: ${replay}\nCounterexample: ${example.length > 4000 ? example.slice(0, 4000) + ' ...' : example}\nError: ${err}`,
  );
}
