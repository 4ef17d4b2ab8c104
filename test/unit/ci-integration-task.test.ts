// The editor's lint task (issue 14): the problem matcher contributed in package.json, held to the
// CLI's real stylish output, and the task provider of src/extension/tasks.ts, whose process is started
// here as VS Code would start it, its output read by the matcher into the findings the CLI reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as vscode from 'vscode';
import { FIXTURES, runCli, type JsonOutput } from '../fixtures/cli/harness';
import { oneLine } from '../../src/cli/format/stylish';
import { hostRunsProcesses, lintProcess, PROBLEM_MATCHER, registerLintTasks, TASK_TYPE, type TaskApi } from '../../src/extension/tasks';
import { sourceCli } from '../lib/source-cli';

const ROOT = path.resolve(__dirname, '../..');
interface Matcher {
  name: string;
  owner: string;
  source: string;
  fileLocation: string[];
  pattern: { regexp: string; file: number; line: number; column: number; severity: number; message: number; code: number };
}
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { problemMatchers: Matcher[]; taskDefinitions: Array<{ type: string; properties: Record<string, unknown> }> };
};
const MATCHER = PKG.contributes.problemMatchers.find((m) => `$${m.name}` === PROBLEM_MATCHER)!;

interface Problem {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  rule: string;
}

/** What VS Code's matcher makes of each line of a task's output (a single-line pattern: one line, one problem). */
function matchLines(output: string): Problem[] {
  const re = new RegExp(MATCHER.pattern.regexp);
  const p = MATCHER.pattern;
  return output.split(/\r?\n/).flatMap((l) => {
    const m = re.exec(l);
    if (!m) return [];
    return [
      {
        file: m[p.file]!,
        line: Number(m[p.line]),
        column: Number(m[p.column]),
        severity: m[p.severity]!,
        message: m[p.message]!,
        rule: m[p.code]!,
      },
    ];
  });
}

/** The findings of a `--format json` report, as the stylish lines carry them. */
function findingsOf(json: JsonOutput): Problem[] {
  return json.files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      file: f.file,
      line: d.line,
      column: d.column,
      severity: d.severity,
      message: oneLine(d.message),
      rule: d.rule,
    })),
  );
}

/** A workspace of the CLI fixtures (every format, an error, warnings), a file whose name holds a colon, and an info finding. */
function workspace(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'force-mfa-task-'));
  cpSync(FIXTURES, dir, { recursive: true, filter: (f) => !f.endsWith('.ts') });
  if (process.platform !== 'win32') cpSync(path.join(ROOT, 'test/fixtures/ci/weak.json'), path.join(dir, 'odd:name 1:2.json'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
const INFO = ['--rule', 'missing-mfa-deny=info'];

test('problem matcher: contributed with an owner of its own and paths from the workspace folder', () => {
  assert.ok(MATCHER, `a problem matcher named ${PROBLEM_MATCHER.slice(1)}`);
  // The live diagnostics' collection is named force-mfa (src/extension/diagnostics.ts SOURCE): one owner would let a task run clear them.
  assert.notEqual(MATCHER.owner, 'force-mfa');
  assert.equal(MATCHER.source, 'force-mfa');
  assert.deepEqual(MATCHER.fileLocation, ['autoDetect', '${workspaceFolder}']);
  assert.deepEqual(Object.keys(PKG.contributes.taskDefinitions.find((d) => d.type === TASK_TYPE)!.properties), ['paths', 'args', 'node']);
});

test('problem matcher: reads every finding of the stylish output, exactly as the JSON report has it, and no other line', async () => {
  const ws = workspace();
  try {
    const stylish = await runCli(['lint', '--no-color', ...INFO, '.'], { cwd: ws.dir });
    const json = await runCli(['lint', '--format', 'json', ...INFO, '.'], { cwd: ws.dir });
    const expected = findingsOf(JSON.parse(json.stdout) as JsonOutput);
    assert.deepEqual(new Set(expected.map((e) => e.severity)), new Set(['error', 'warning', 'info']), 'every severity the CLI prints');
    if (process.platform !== 'win32') assert.ok(expected.some((e) => e.file === 'odd:name 1:2.json'));
    assert.deepEqual(matchLines(stylish.stdout), expected);
    assert.deepEqual(matchLines(stylish.stderr), [], "the CLI's messages are not problems");

    // --fix prints a `fixed` line per fix: a change made, not a problem.
    const fixed = await runCli(['lint', '--no-color', '--fix', 'password-change-exempt.json', 'odd:name 1:2.json'], { cwd: ws.dir });
    assert.match(fixed.stdout, / {2}fixed {2,}/);
    const after = await runCli(['lint', '--format', 'json', 'password-change-exempt.json', 'odd:name 1:2.json'], { cwd: ws.dir });
    assert.deepEqual(matchLines(fixed.stdout), findingsOf(JSON.parse(after.stdout) as JsonOutput));
  } finally {
    ws.cleanup();
  }
});

test('problem matcher: Windows paths (a drive letter, backslashes), relative and absolute, and a message that held line breaks', async () => {
  const ws = workspace();
  try {
    const out = await runCli(['lint', '--no-color', 'syntax-error.json', 'allow-only.json'], { cwd: ws.dir });
    const lines = out.stdout.split('\n').filter((l) => /^\w[\w-]*\.json:\d+:\d+ /.test(l));
    assert.equal(lines.length, 2, out.stdout);
    // On Windows the CLI prints the path as Node gives it: the same line with this file part.
    const windows = ['policies\\iam\\syntax-error.json', 'C:\\Users\\me\\infra\\allow-only.json'];
    const asWindows = lines.map((l, i) => windows[i] + l.slice(l.indexOf(':'))).join('\r\n');
    assert.deepEqual(
      matchLines(asWindows).map((p) => [p.file, p.line, p.column, p.rule]),
      [
        [windows[0], 4, 23, 'json-syntax'],
        [windows[1], 3, 3, 'missing-mfa-deny'],
      ],
    );
    // A message with line breaks is printed on one line (oneLine), so a single-line pattern reads all of it.
    const message = oneLine('First part of the message,\n   then the second  part.');
    assert.deepEqual(matchLines(`C:\\p.json:1:2  warning  ${message}  bool-without-ifexists`), [
      {
        file: 'C:\\p.json',
        line: 1,
        column: 2,
        severity: 'warning',
        message: 'First part of the message, then the second  part.',
        rule: 'bool-without-ifexists',
      },
    ]);
  } finally {
    ws.cleanup();
  }
});

/** A stand-in for the `vscode` API a task provider meets: records what it is given. */
function fakeApi(folders: Array<{ name: string; path: string; scheme?: string }>) {
  const registered: Array<{ type: string; provider: vscode.TaskProvider }> = [];
  class ProcessExecution {
    constructor(
      readonly process: string,
      readonly args: string[],
      readonly options: { cwd: string; env: Record<string, string> },
    ) {}
  }
  class Task {
    detail?: string;
    constructor(
      readonly definition: vscode.TaskDefinition,
      readonly scope: unknown,
      readonly name: string,
      readonly source: string,
      readonly execution: ProcessExecution,
      readonly problemMatchers: string,
    ) {}
  }
  const uri = (p: string, scheme = 'file') => ({ scheme, fsPath: p, path: p });
  const api = {
    tasks: {
      registerTaskProvider: (type: string, provider: vscode.TaskProvider) => (registered.push({ type, provider }), { dispose() {} }),
    },
    workspace: { workspaceFolders: folders.map((f, index) => ({ name: f.name, index, uri: uri(f.path, f.scheme) })) },
    Uri: { joinPath: (base: { fsPath: string }, ...parts: string[]) => uri(path.join(base.fsPath, ...parts)) },
    ProcessExecution,
    Task,
    TaskScope: { Global: 1, Workspace: 2 },
  };
  return { api: api as unknown as TaskApi, registered };
}

type FakeTask = vscode.Task & { execution: { process: string; args: string[]; options: { cwd: string; env: Record<string, string> } } };

test('task provider: "force-mfa: lint workspace" per folder on disk, the shipped CLI under the host runtime as Node; tasks.json definitions resolved', () => {
  assert.equal(hostRunsProcesses(), true, 'plain Node runs processes');
  const { api, registered } = fakeApi([
    { name: 'infra', path: '/work/infra' },
    { name: 'remote', path: '/r', scheme: 'vscode-vfs' },
  ]);
  registerLintTasks(api, { fsPath: '/ext' } as vscode.Uri);
  assert.deepEqual(
    registered.map((r) => r.type),
    [TASK_TYPE],
  );
  const provider = registered[0]!.provider;
  const tasks = provider.provideTasks({} as vscode.CancellationToken) as FakeTask[];
  assert.deepEqual(
    tasks.map((t) => [t.name, t.source, (t.scope as vscode.WorkspaceFolder).name, t.problemMatchers]),
    [['lint workspace', 'force-mfa', 'infra', PROBLEM_MATCHER]],
    'a virtual folder has no path for a process',
  );
  const { execution } = tasks[0]!;
  assert.deepEqual(
    [execution.process, execution.args, execution.options],
    [
      process.execPath,
      [path.join('/ext', 'dist', 'cli.js'), 'lint', '--no-color'],
      { cwd: '/work/infra', env: { ELECTRON_RUN_AS_NODE: '1' } },
    ],
  );

  // From tasks.json: its paths and args, a Node of the user's choosing; entries that are not strings are dropped.
  const folder = api.workspace.workspaceFolders![0]!;
  const definition = { type: TASK_TYPE, paths: ['iam/', 7], args: ['--max-warnings', '0'], node: '/opt/node/bin/node' };
  const resolved = provider.resolveTask(
    { definition, scope: folder, name: 'strict' } as unknown as vscode.Task,
    {} as vscode.CancellationToken,
  ) as FakeTask;
  assert.deepEqual(
    [resolved.name, resolved.execution.process, resolved.execution.args, resolved.execution.options.env],
    ['strict', '/opt/node/bin/node', [path.join('/ext', 'dist', 'cli.js'), 'lint', '--no-color', '--max-warnings', '0', 'iam/'], {}],
  );
  const global = provider.resolveTask(
    { definition: { type: TASK_TYPE }, scope: 2, name: 'all' } as unknown as vscode.Task,
    {} as vscode.CancellationToken,
  ) as FakeTask;
  assert.equal(global.execution.options.cwd, '/work/infra', 'a workspace-wide task runs in the first folder on disk');
});

test('task provider: nothing registered in a host that starts no process (the web worker)', () => {
  const saved = globalThis.process;
  const { api, registered } = fakeApi([{ name: 'infra', path: '/work/infra' }]);
  try {
    // @ts-expect-error: the web worker host has no `process`
    globalThis.process = undefined;
    registerLintTasks(api, { fsPath: '/ext' } as vscode.Uri).dispose();
  } finally {
    globalThis.process = saved;
  }
  assert.deepEqual(registered, []);
});

test('task provider: a host that refuses the registration gets a no-op, not an exception in activate()', () => {
  const { api } = fakeApi([]);
  api.tasks.registerTaskProvider = () => {
    throw new Error('task providers are disabled');
  };
  const errors: unknown[] = [];
  const log = console.error;
  console.error = (...args: unknown[]) => void errors.push(args);
  try {
    registerLintTasks(api, { fsPath: '/ext' } as vscode.Uri).dispose();
  } finally {
    console.error = log;
  }
  assert.equal(errors.length, 1, 'the failure is logged');
});

test("the task runs: its process, started as VS Code starts it, prints what the matcher reads as the CLI's findings", () => {
  const cli = sourceCli();
  const ws = workspace();
  try {
    const p = lintProcess({ type: TASK_TYPE, args: INFO }, cli.cli, process.execPath);
    const r = spawnSync(p.command, p.args, { cwd: ws.dir, env: { ...process.env, ...p.env, FORCE_COLOR: '1' }, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.ok(!r.stdout.includes('\u001b['), '--no-color wins over FORCE_COLOR');
    const json = spawnSync(process.execPath, [cli.cli, 'lint', '--format', 'json', ...INFO], { cwd: ws.dir, encoding: 'utf8' });
    const problems = matchLines(r.stdout);
    assert.ok(problems.length >= 8, r.stdout);
    assert.deepEqual(problems, findingsOf(JSON.parse(json.stdout) as JsonOutput));
  } finally {
    ws.cleanup();
    cli.cleanup();
  }
});
