// "Run Task" → "force-mfa: lint workspace": the CLI shipped in the extension (dist/cli.js, the same
// bundle as the npm package's binary, so the task and CI report alike) run over each workspace folder
// on disk, its stylish output read into the Problems panel by the contributed `$force-mfa` problem
// matcher (package.json). Node host only: the web worker host cannot start a process.
//
// Which Node runs it: VS Code does not expose a Node binary of its own, but its extension host runs on
// one (`process.execPath`): Electron's, which runs as plain Node when ELECTRON_RUN_AS_NODE=1 (as VS
// Code's own `code` command line does), or a real `node` in remote and server hosts, where that
// variable does nothing. So the task needs no Node on the user's PATH; the task definition's `node`
// names another binary when wanted (docs/ci.md).
import type * as vscode from 'vscode';

export const TASK_TYPE = 'force-mfa';
/** The problem matcher contributed in package.json, by the name tasks refer to it. */
export const PROBLEM_MATCHER = '$force-mfa';

/** The process a lint task starts: what VS Code's ProcessExecution is given. */
export interface LintProcess {
  command: string;
  args: string[];
  env: Record<string, string>;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * The command line of a lint task. Colour is off: the matcher reads plain text. A definition from
 * tasks.json is user data: only its string entries are used, and they are passed as arguments, never
 * through a shell.
 */
export function lintProcess(definition: vscode.TaskDefinition, cliPath: string, execPath: string): LintProcess {
  const node = typeof definition.node === 'string' && definition.node.trim() !== '' ? definition.node : undefined;
  return {
    command: node ?? execPath,
    args: [cliPath, 'lint', '--no-color', ...strings(definition.args), ...strings(definition.paths)],
    env: node ? {} : { ELECTRON_RUN_AS_NODE: '1' },
  };
}

/** The part of the `vscode` API the task provider uses (passed in, so that the web bundle and tests need no host). */
export type TaskApi = Pick<typeof vscode, 'tasks' | 'workspace' | 'Task' | 'ProcessExecution' | 'TaskScope' | 'Uri'>;

/** Does this host start processes? The web worker host has no `process`. */
export function hostRunsProcesses(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string }; execPath?: string } }).process;
  return Boolean(proc?.versions?.node && proc.execPath);
}

/**
 * Registers the `force-mfa` task type: one "lint workspace" task per workspace folder on disk. In a host that
 * starts no process (the web worker), or should registering fail, it registers nothing and returns a no-op.
 */
export function registerLintTasks(api: TaskApi, extensionUri: vscode.Uri): vscode.Disposable {
  const nothing = { dispose: () => undefined };
  if (!hostRunsProcesses()) return nothing;
  try {
    return registerProvider(api, extensionUri);
  } catch (e) {
    console.error('[force-mfa] the lint task could not be registered:', e);
    return nothing;
  }
}

function registerProvider(api: TaskApi, extensionUri: vscode.Uri): vscode.Disposable {
  const execPath = (globalThis as unknown as { process: { execPath: string } }).process.execPath;
  const cliPath = api.Uri.joinPath(extensionUri, 'dist', 'cli.js').fsPath;
  const makeTask = (definition: vscode.TaskDefinition, folder: vscode.WorkspaceFolder, name: string) => {
    const p = lintProcess(definition, cliPath, execPath);
    const execution = new api.ProcessExecution(p.command, p.args, { cwd: folder.uri.fsPath, env: p.env });
    const task = new api.Task(definition, folder, name, TASK_TYPE, execution, PROBLEM_MATCHER);
    task.detail = `force-mfa lint ${p.args.slice(2).join(' ')}`.trim();
    return task;
  };
  return api.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () =>
      (api.workspace.workspaceFolders ?? [])
        .filter((folder) => folder.uri.scheme === 'file')
        .map((folder) => makeTask({ type: TASK_TYPE }, folder, 'lint workspace')),
    // A task written in tasks.json: its folder, else (a workspace-wide task) the first folder on disk.
    resolveTask: (task) => {
      const scope = task.scope;
      const folder = typeof scope === 'object' ? scope : (api.workspace.workspaceFolders ?? []).find((f) => f.uri.scheme === 'file');
      if (!folder || folder.uri.scheme !== 'file') return undefined;
      return makeTask(task.definition, folder, task.name);
    },
  });
}
