// Editor figures for `npm run bench`, measured inside the real extension host: activation time, and
// the latency from an edit of a 6 KB policy to its updated diagnostics, reported apart from the
// debounce delay. The figures go to $FORCE_MFA_PERF_OUT (JSON) when set, and always to the log as
// one `[perf] {...}` line (scripts: `npm run bench:editor` collects them into bench/results/editor.json).
// This suite asserts correctness only: the diagnostics arrive and match the core's for the new text.
// It never asserts a timing.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { lint } from '../../../src/core';
import { generatePolicy } from '../../../bench/lib/generate.mjs';

const EXTENSION_ID = 'force-mfa.force-mfa';
const DEBOUNCE_MS = 50;
const WARMUP_EDITS = 4;
const EDITS = 20;
const LINT_RUNS = 30;
const TIMEOUT_MS = 15_000;

interface Summary {
  min: number;
  median: number;
  rounds: number[];
}

function summary(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return { min: s[0], median: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2, rounds: values };
}

const ruleOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code));

/** What the extension shows for `uri`, as comparable keys: rule@start-end (offsets). */
function shownKeys(doc: vscode.TextDocument): string[] {
  return vscode.languages
    .getDiagnostics(doc.uri)
    .filter((d) => d.source === 'force-mfa')
    .map((d) => `${ruleOf(d)}@${doc.offsetAt(d.range.start)}-${doc.offsetAt(d.range.end)}`)
    .sort();
}

/** What the core finds in `text`, as the same keys. */
function expectedKeys(text: string): string[] {
  return lint(text)
    .diagnostics.map((d) => `${d.rule}@${d.offset}-${d.offset + d.length}`)
    .sort();
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Resolves with performance.now() at the first moment the diagnostics of `doc` match `expected`.
 * Polls the extension host's own diagnostics (updated synchronously when the extension publishes) on
 * every turn of the event loop, rather than waiting for onDidChangeDiagnostics: VS Code delays that
 * event (a debounce of its own), which would be counted against the extension.
 */
function diagnosticsMatching(doc: vscode.TextDocument, expected: string[]): { done: Promise<number>; dispose(): void } {
  let stopped = false;
  const done = new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const poll = () => {
      if (stopped) return;
      const now = performance.now();
      if (same(shownKeys(doc), expected)) resolve(now);
      else if (now - started > TIMEOUT_MS) {
        reject(
          new Error(
            `diagnostics did not match the core within ${TIMEOUT_MS} ms: shown ${shownKeys(doc).join(', ')}; expected ${expected.join(', ')}`,
          ),
        );
      } else setImmediate(poll);
    };
    setImmediate(poll);
  });
  return {
    done,
    dispose() {
      stopped = true;
    },
  };
}

/**
 * Compiles and runs a CommonJS file's top level as the extension host does, from a fresh copy of its source
 * (a different source text each time, so V8's compilation cache does not help), with the real `vscode`;
 * 5 times. The median, the rounds and the file's size.
 */
function loadTimes(file: string, check: (exports: Record<string, unknown>) => void): Summary & { bytes: number } {
  const source = fs.readFileSync(file, 'utf8');
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const loadStart = performance.now();
    const wrapper = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})//${i}`, { filename: file });
    const mod = { exports: {} as Record<string, unknown> };
    const hostRequire = (id: string) => (id === 'vscode' ? vscode : require(id));
    wrapper.runInThisContext()(mod.exports, hostRequire, mod, file, path.dirname(file));
    loads.push(performance.now() - loadStart);
    check(mod.exports);
  }
  return { ...summary(loads), bytes: Buffer.byteLength(source) };
}

suite('perf: editor figures for the benchmark', function () {
  this.timeout(120_000);
  const file = path.join(os.tmpdir(), `force-mfa-perf-${process.pid}`, 'bench-6kb.json');
  let previousDebounce: number | undefined;

  suiteSetup(async () => {
    previousDebounce = vscode.workspace.getConfiguration('forceMfa').inspect<number>('debounceMs')?.globalValue;
    await vscode.workspace.getConfiguration('forceMfa').update('debounceMs', DEBOUNCE_MS, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.getConfiguration('forceMfa').update('debounceMs', previousDebounce, vscode.ConfigurationTarget.Global);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  test('activation, and edits of a 6 KB policy get the core diagnostics of the new text', async () => {
    const ext = vscode.extensions.getExtension<{ activationMs: number } & Record<string, unknown>>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    const api = await ext.activate();
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, 'activate() returns { activationMs }');
    assert.strictEqual(vscode.workspace.getConfiguration('forceMfa').get('debounceMs'), DEBOUNCE_MS);

    // Two states of the same 6 KB policy that the core reports differently: the MFA deny with
    // BoolIfExists (AWS's form) and with Bool (access keys escape). Should the core not tell them
    // apart, a trailing comma after the last statement (a syntax error) is the second state.
    const a = generatePolicy(6 * 1024, 42);
    let at = a.indexOf('"BoolIfExists"');
    let pieces = ['"BoolIfExists"', '"Bool"'];
    let editKind = 'BoolIfExists <-> Bool in the MFA deny';
    const withPiece = (p: string[]) => a.slice(0, at) + p[1] + a.slice(at + p[0].length);
    if (same(expectedKeys(a), expectedKeys(withPiece(pieces)))) {
      at = a.lastIndexOf('}\n  ]') + 1;
      pieces = ['', ','];
      editKind = 'a trailing comma after the last statement, added and removed';
    }
    const texts = [a, withPiece(pieces)];
    assert.notDeepStrictEqual(expectedKeys(texts[0]), expectedKeys(texts[1]), 'the two states differ in their diagnostics');

    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, a);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    // The first lint, on open: wait until what is shown matches the core.
    const initial = diagnosticsMatching(doc, expectedKeys(a));
    try {
      if (!same(shownKeys(doc), expectedKeys(a))) await initial.done;
    } finally {
      initial.dispose();
    }

    // The first edits also pay for the workbench's and the host's first runs of these paths: they are
    // warm-up, and the first one is reported on its own.
    const latency: number[] = [];
    const fromChangeEvent: number[] = [];
    // A control: a timer of the debounce's length, started at the same change event in this same host.
    // How late it fires is the host's and the machine's scheduling delay, not the extension's doing.
    const timerLateness: number[] = [];
    for (let i = 0; i < WARMUP_EDITS + EDITS; i++) {
      const next = texts[(i + 1) % 2];
      assert.strictEqual(doc.getText(), texts[i % 2], 'the document holds the expected state before the edit');
      // The same span each time: state 0 holds pieces[0] at `at`, state 1 holds pieces[1].
      const [oldPiece, newPiece] = i % 2 === 0 ? pieces : [pieces[1], pieces[0]];
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + oldPiece.length)), newPiece);

      const expected = expectedKeys(next);
      const waiting = diagnosticsMatching(doc, expected);
      let changedAt: number | undefined;
      let controlFired: Promise<number> | undefined;
      const onChange = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== doc || changedAt !== undefined) return;
        const at0 = performance.now();
        changedAt = at0;
        controlFired = new Promise((r) => setTimeout(() => r(performance.now() - at0 - DEBOUNCE_MS), DEBOUNCE_MS));
      });
      try {
        const t0 = performance.now();
        assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
        const t1 = await waiting.done;
        latency.push(t1 - t0);
        if (changedAt !== undefined) fromChangeEvent.push(t1 - changedAt);
        if (controlFired) timerLateness.push(await controlFired);
      } finally {
        waiting.dispose();
        onChange.dispose();
      }
      assert.strictEqual(doc.getText(), next);
      assert.deepStrictEqual(shownKeys(doc), expected, 'the diagnostics shown are the core diagnostics of the new text');
      await new Promise((r) => setTimeout(r, 20));
    }

    const measured = latency.slice(WARMUP_EDITS);
    const measuredFromChange = fromChangeEvent.slice(WARMUP_EDITS);

    // Loading the extension's bundle, which VS Code does before it calls activate(); and the files it
    // loads on the first lint (the core) and on the first YAML or Markdown text (the YAML front-end).
    const mainFile = path.join(ext.extensionPath, String(ext.packageJSON.main));
    const moduleLoad = loadTimes(mainFile.endsWith('.js') ? mainFile : `${mainFile}.js`, (exports) =>
      assert.strictEqual(typeof exports.activate, 'function', 'the bundle exports activate()'),
    );
    const coreLoad = loadTimes(path.join(ext.extensionPath, 'dist/lazy/core.js'), (exports) =>
      assert.strictEqual(typeof exports.lint, 'function', 'the core exports lint()'),
    );
    const yamlLoad = loadTimes(path.join(ext.extensionPath, 'dist/lazy/yaml.js'), (exports) =>
      assert.strictEqual(typeof exports.parseYaml, 'function', 'the YAML front-end exports parseYaml()'),
    );

    // The core's own lint of the same policy in this process (the extension host's V8).
    const lintTimes: number[] = [];
    for (let i = 0; i < LINT_RUNS; i++) {
      const t = performance.now();
      lint(a);
      lintTimes.push(performance.now() - t);
    }

    const figures = {
      measuredAt: new Date().toISOString(),
      vscodeVersion: vscode.version,
      extensionHostKind: typeof process !== 'undefined' && process.versions?.node ? `node ${process.versions.node}` : 'webworker',
      uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'Web' : 'Desktop',
      activationMs: api.activationMs,
      moduleLoadMs: moduleLoad.median,
      moduleLoadRoundsMs: moduleLoad.rounds,
      activationWithLoadMs: api.activationMs + moduleLoad.median,
      mainBytes: moduleLoad.bytes,
      coreLoadMs: coreLoad.median,
      coreBytes: coreLoad.bytes,
      yamlLoadMs: yamlLoad.median,
      yamlBytes: yamlLoad.bytes,
      docBytes: a.length,
      editKind,
      edits: EDITS,
      warmupEdits: WARMUP_EDITS,
      firstEditMs: latency[0],
      firstEditFromChangeEventMs: fromChangeEvent[0],
      debounceMs: DEBOUNCE_MS,
      latencyMs: summary(measured),
      overDebounceMs: summary(measured.map((x) => x - DEBOUNCE_MS)),
      changeEventToDiagnosticsMs: summary(measuredFromChange.map((x) => x - DEBOUNCE_MS)),
      controlTimerLatenessMs: summary(timerLateness.slice(WARMUP_EDITS)),
      lintInHostMs: summary(lintTimes.slice(5)),
      ...(typeof api.lastLintMs === 'number' ? { extensionLastLintMs: api.lastLintMs } : {}),
    };
    console.log(`[perf] ${JSON.stringify(figures)}`);
    const out = process.env.FORCE_MFA_PERF_OUT;
    if (out) fs.writeFileSync(out, JSON.stringify(figures, null, 2) + '\n');
  });
});
