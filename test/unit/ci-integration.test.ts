// CI integration (issue 14): the pre-commit hooks (.pre-commit-hooks.yaml) and the GitHub Action
// (action.yml). Both files are parsed as their tools parse them; the hook's `files` regex is held to
// the CLI's own list of the files a folder walk opens; and the hook's entry and the Action's shell
// steps are run for real, with the CLI from this checkout's sources standing in for the built one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { isWalkedName } from '../../src/cli/formats';
import { sourceCli } from '../lib/source-cli';

const ROOT = path.resolve(__dirname, '../..');
const WEAK = path.join(ROOT, 'test/fixtures/ci/weak.json');
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const HAS_BASH = spawnSync('bash', ['--version']).status === 0;

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
}
const HOOKS = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

/** pre-commit's `files` is a Python regular expression searched in each path; ours opens with `(?i)`, which JavaScript writes as a flag. */
function hookFiles(hook: Hook): RegExp {
  assert.ok(hook.files.startsWith('(?i)'), `${hook.id}: files is case-insensitive as the CLI's names are`);
  return new RegExp(hook.files.slice('(?i)'.length), 'i');
}

// Every ending the CLI or the core names (formats.ts, document/parse.ts) and some it must not open.
const ENDINGS = [
  ...[
    '.json',
    '.yaml',
    '.yml',
    '.template',
    '.md',
    '.markdown',
    '.txt',
    '.tpl',
    '.tf',
    '.tf.json',
    '.tfvars',
    '.tfvars.json',
    '.hcl',
    '.mdx',
  ],
  ...['.JSON', '.Yml', '.TF', '.MD', '.jsonc', '.json5', '.tfstate', '.tfplan', '.js', '.ts', '.py', '.xml', '.toml', '.sh', '.png'],
  ...['.json.bak', '.yaml~', '.md.orig', '.tf.lock', ''],
];

test('.pre-commit-hooks.yaml: node hooks that run the package binary on the files the CLI opens when it walks a folder', () => {
  assert.deepEqual(
    HOOKS.map((h) => h.id),
    ['force-mfa', 'force-mfa-fix'],
  );
  for (const hook of HOOKS) {
    const [bin, command, ...flags] = hook.entry.split(' ');
    assert.ok(bin! in PKG.bin, `${hook.id}: ${bin} is the package's binary`);
    assert.equal(command, 'lint');
    assert.deepEqual(flags, hook.id === 'force-mfa-fix' ? ['--fix'] : []);
    assert.equal(hook.language, 'node', 'pre-commit installs the repository with npm (its prepack builds dist/cli.js)');
    assert.equal(hook.pass_filenames, true);
    const files = hookFiles(hook);
    for (const ending of ENDINGS) {
      for (const name of [`policy${ending}`, `infra/iam/policy${ending}`, `C:\\repo\\policy${ending}`]) {
        assert.equal(files.test(name), isWalkedName(name), `${hook.id} on ${name}: the hook and the CLI's folder walk disagree`);
      }
    }
    assert.equal(files.test('docs.json/readme'), false, 'the ending of the name, not of a folder');
  }
});

test(
  'pre-commit hooks run: the staged files their regex selects, given to the entry; the fix hook rewrites the file',
  { skip: !HAS_BASH && 'no bash' },
  () => {
    const cli = sourceCli();
    const repo = mkdtempSync(path.join(tmpdir(), 'force-mfa-hook-'));
    try {
      const staged = ['iam/weak.json', 'README.md', 'app.py', 'main.tf'];
      mkdirSync(path.join(repo, 'iam'));
      cpSync(WEAK, path.join(repo, 'iam/weak.json'));
      writeFileSync(path.join(repo, 'README.md'), '# A project\n\nNo policy here.\n');
      writeFileSync(path.join(repo, 'app.py'), 'print("{ \\"Statement\\": [] }")\n');
      writeFileSync(path.join(repo, 'main.tf'), 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n');
      // As pre-commit does: the entry's words, then the hook's args, then the selected file names.
      const runHook = (hook: Hook, args: string[]) => {
        const files = staged.filter((f) => hookFiles(hook).test(f));
        const [, ...words] = hook.entry.split(' ');
        return { files, r: spawnSync(process.execPath, [cli.cli, ...words, ...args, ...files], { cwd: repo, encoding: 'utf8' }) };
      };
      const [lint, fix] = HOOKS as [Hook, Hook];

      const plain = runHook(lint, []);
      assert.deepEqual(plain.files, ['iam/weak.json', 'README.md', 'main.tf']);
      assert.equal(plain.r.status, 0, 'a warning alone passes');
      assert.match(plain.r.stdout, /^iam\/weak\.json:9:22 {2}warning {2}.* {2}bool-without-ifexists$/m);
      const strict = runHook(lint, ['--max-warnings', '0']);
      assert.equal(strict.r.status, 1, 'args: [--max-warnings, "0"] fails the commit');

      const fixed = runHook(fix, []);
      assert.equal(fixed.r.status, 0, fixed.r.stderr);
      assert.match(fixed.r.stdout, /^iam\/weak\.json {2}fixed +Change Bool to BoolIfExists {2}bool-without-ifexists$/m);
      assert.match(readFileSync(path.join(repo, 'iam/weak.json'), 'utf8'), /"BoolIfExists": \{ "aws:MultiFactorAuthPresent": "false" \}/);
    } finally {
      rmSync(repo, { recursive: true, force: true });
      cli.cleanup();
    }
  },
);

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required: boolean; default: string }>;
  runs: { using: string; steps: Step[] };
}
const ACTION = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

/** The `${{ }}` expressions of the Action's steps: its inputs and its own path; any other is a test failure. */
function expand(text: string, inputs: Record<string, string>, actionPath: string): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.action_path') return actionPath;
    const input = /^inputs\.([\w-]+)$/.exec(expr)?.[1];
    assert.ok(input && input in ACTION.inputs, `unknown expression ${expr}`);
    return inputs[input] ?? ACTION.inputs[input]!.default;
  });
}

/** Runs one `run` step as the runner does (bash --noprofile --norc -eo pipefail), with its env and working directory. */
function runStep(
  step: Step,
  ctx: { inputs: Record<string, string>; actionPath: string; workspace: string; output: string; path?: string },
) {
  assert.equal(step.shell, 'bash', `${step.name}: a composite step names its shell; bash is on every runner`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GITHUB_ACTION_PATH: ctx.actionPath,
    GITHUB_OUTPUT: ctx.output,
    GITHUB_WORKSPACE: ctx.workspace,
  };
  if (ctx.path) env.PATH = `${ctx.path}${path.delimiter}${env.PATH}`;
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(v, ctx.inputs, ctx.actionPath);
  const cwd = step['working-directory'] ? expand(step['working-directory'], ctx.inputs, ctx.actionPath) : ctx.workspace;
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd, env, encoding: 'utf8' });
}

/** GitHub's workflow commands in an output (`::warning file=f,line=1,col=2,...::message`), their properties and message unescaped. */
function annotationsOf(stdout: string): Array<Record<string, string> & { command: string; message: string }> {
  const unescape = (s: string) => s.replace(/%([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return stdout
    .split('\n')
    .map((l) => /^::(\w+) ([^:]*)::(.*)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => {
      const props = Object.fromEntries(
        m[2]!.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), unescape(kv.slice(kv.indexOf('=') + 1))]),
      );
      return { ...props, command: m[1]!, message: unescape(m[3]!) };
    });
}

const stepNamed = (name: string) => {
  const step = ACTION.runs.steps.find((s) => s.name === name);
  assert.ok(step, name);
  return step;
};

test('action.yml: a composite action with paths, args and sarif-file inputs; Node set up only when the runner lacks 20+', () => {
  assert.equal(ACTION.runs.using, 'composite');
  assert.deepEqual(Object.keys(ACTION.inputs), ['paths', 'args', 'sarif-file', 'node-version']);
  assert.equal(ACTION.inputs.paths!.default, '.');
  assert.ok(ACTION.branding.icon && ACTION.branding.color, 'the Marketplace listing needs branding');
  assert.deepEqual(
    ACTION.runs.steps.map((s) => s.name),
    ['Find Node.js 20 or later', 'Set up Node.js', 'Build force-mfa', 'Lint IAM policies'],
  );
  const setup = stepNamed('Set up Node.js');
  assert.match(setup.uses!, /^actions\/setup-node@v\d+$/);
  assert.equal(setup.if, `steps.${stepNamed('Find Node.js 20 or later').id}.outputs.found != 'true'`);
  assert.equal(setup.with!['node-version'], '${{ inputs.node-version }}');
  // Inputs reach the scripts only through env: an input's text is never pasted into the shell script.
  for (const step of ACTION.runs.steps) assert.ok(!/\$\{\{/.test(step.run ?? ''), `${step.name}: no expression inside run`);
});

test(
  'action.yml steps run: Node found, the build skipped when dist/cli.js is there (and run when not), annotations and a SARIF file from the inputs',
  { skip: !HAS_BASH && 'no bash' },
  () => {
    const cli = sourceCli();
    const tmp = mkdtempSync(path.join(tmpdir(), 'force-mfa-action-'));
    try {
      const workspace = path.join(tmp, 'repo');
      mkdirSync(path.join(workspace, 'policies dir'), { recursive: true });
      cpSync(WEAK, path.join(workspace, 'weak.json'));
      cpSync(WEAK, path.join(workspace, 'policies dir/second.json'));
      cpSync(WEAK, path.join(workspace, 'not-listed.json'));
      const output = path.join(tmp, 'github-output');
      writeFileSync(output, '');
      // A stand-in npm that records its calls: the build step must not download anything when the CLI is built.
      const bin = path.join(tmp, 'bin');
      mkdirSync(bin);
      writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\necho "npm $*" >> "${path.join(tmp, 'npm.log')}"\n`);
      chmodSync(path.join(bin, 'npm'), 0o755);
      const ctx = { inputs: {}, actionPath: cli.dir, workspace, output, path: bin };

      assert.equal(runStep(stepNamed('Find Node.js 20 or later'), ctx).status, 0);
      assert.equal(readFileSync(output, 'utf8'), 'found=true\n', `this test runs on Node ${process.versions.node}`);

      assert.equal(runStep(stepNamed('Build force-mfa'), ctx).status, 0);
      assert.equal(existsSync(path.join(tmp, 'npm.log')), false, 'dist/cli.js is there: no install, no build');
      const fresh = path.join(tmp, 'checkout');
      mkdirSync(fresh);
      assert.equal(runStep(stepNamed('Build force-mfa'), { ...ctx, actionPath: fresh }).status, 0);
      assert.equal(readFileSync(path.join(tmp, 'npm.log'), 'utf8'), 'npm ci --ignore-scripts --no-audit --no-fund\nnpm run build\n');

      const lint = stepNamed('Lint IAM policies');
      const inputs = { paths: 'weak.json\n  policies dir/  \n\n', args: '--max-warnings 0', 'sarif-file': 'force-mfa.sarif' };
      const r = runStep(lint, { ...ctx, inputs });
      assert.equal(r.status, 1, `more warnings than --max-warnings fails the step\n${r.stderr}`);
      const annotations = annotationsOf(r.stdout);
      assert.deepEqual(
        annotations.map((a) => [a.command, a.file, a.line, a.col]),
        [
          ['warning', 'weak.json', '9', '22'],
          ['warning', 'policies dir/second.json', '9', '22'],
        ],
      );
      assert.match(annotations[0]!.message, /Use BoolIfExists/);
      const sarif = JSON.parse(readFileSync(path.join(workspace, 'force-mfa.sarif'), 'utf8')) as {
        runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
      };
      assert.deepEqual(
        sarif.runs[0]!.results.map((x) => [x.ruleId, x.locations[0]!.physicalLocation.artifactLocation.uri]),
        [
          ['bool-without-ifexists', 'weak.json'],
          ['bool-without-ifexists', 'policies%20dir/second.json'],
        ],
      );

      // Bad usage stops at the SARIF run with its exit code (2): no annotations are written as if the lint had passed.
      const bad = runStep(lint, { ...ctx, inputs: { ...inputs, args: '--no-such-option' } });
      assert.equal(bad.status, 2);
      assert.equal(bad.stdout, '');
      // No sarif-file: one run, its exit code the step's (a warning alone passes).
      const plain = runStep(lint, { ...ctx, inputs: { paths: 'weak.json' } });
      assert.equal(plain.status, 0, plain.stderr);
      assert.deepEqual(
        annotationsOf(plain.stdout).map((a) => [a.command, a.file, a.line, a.col]),
        [['warning', 'weak.json', '9', '22']],
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
      cli.cleanup();
    }
  },
);
