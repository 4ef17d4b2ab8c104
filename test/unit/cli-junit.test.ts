// --format junit: JUnit XML, one <testsuite> per file, a <testcase> per policy and per finding,
// <failure> for errors, <skipped> for suppressed findings; checked well-formed with sax (strict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sax from 'sax';
import { fixture, runCli, tempTree } from '../fixtures/cli/harness';

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

/** Parses XML strictly (throws on any well-formedness error) into a small tree. */
function parseXml(xml: string): Element {
  const parser = sax.parser(true, {});
  const root: Element = { name: '#root', attributes: {}, children: [], text: '' };
  const stack: Element[] = [root];
  parser.onopentag = (tag) => {
    const el: Element = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = (t) => void (stack[stack.length - 1]!.text += t);
  parser.onerror = (e) => {
    throw e;
  };
  parser.write(xml).close();
  assert.equal(root.children.length, 1, 'one root element');
  return root.children[0]!;
}

test('junit: well-formed; a testsuite per file, a testcase per policy and finding, failures for errors; counts add up', async () => {
  const r = await runCli(['lint', '--format', 'junit', 'syntax-error.json', 'allow-only.json', 'enforced.json']);
  assert.equal(r.code, 1);
  assert.ok(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const root = parseXml(r.stdout);
  assert.equal(root.name, 'testsuites');
  assert.deepEqual(
    root.children.map((s) => s.attributes.name),
    ['syntax-error.json', 'allow-only.json', 'enforced.json'],
  );
  const [broken, allowOnly, enforced] = root.children;
  assert.deepEqual(
    broken!.children.map((c) => [c.attributes.name, c.children.map((x) => x.name)]),
    [['json-syntax at 4:23', ['failure']]],
  );
  const failure = broken!.children[0]!.children[0]!;
  assert.equal(failure.attributes.type, 'json-syntax');
  assert.equal(failure.attributes.message, "Trailing comma: IAM rejects a comma before '}'.");
  assert.match(failure.text, /^syntax-error\.json:4:23 error /);
  // The warning is a testcase that passes, its message in system-out; the policy is a testcase of its own.
  assert.deepEqual(
    allowOnly!.children.map((c) => [c.attributes.name, c.children.map((x) => x.name)]),
    [
      ['policy (whole file): MFA missing', []],
      ['missing-mfa-deny at 3:3', ['system-out']],
    ],
  );
  assert.deepEqual(
    enforced!.children.map((c) => c.attributes.name),
    ['policy (whole file): MFA enforced'],
  );
  for (const suite of [root, ...root.children]) {
    const cases = suite.name === 'testsuites' ? root.children.flatMap((s) => s.children) : suite.children;
    assert.equal(Number(suite.attributes.tests), cases.length, `${suite.attributes.name}: tests`);
    assert.equal(Number(suite.attributes.failures), cases.filter((c) => c.children.some((x) => x.name === 'failure')).length);
  }
});

test('junit: names and messages are XML-escaped; characters XML 1.0 cannot hold are written as escapes', async () => {
  const t = tempTree({ 'a&b<c>"d\'e\u0007.json': fixture('syntax-error.json') });
  try {
    const r = await runCli(['lint', '--format', 'junit', '.'], { cwd: t.dir });
    const root = parseXml(r.stdout);
    assert.equal(root.children[0]!.attributes.name, 'a&b<c>"d\'e\\x07.json');
    assert.ok(r.stdout.includes('name="a&amp;b&lt;c&gt;&quot;d&apos;e\\x07.json"'));
  } finally {
    t.cleanup();
  }
});

test('junit: no files is an empty testsuites element; a path error stays on stderr', async () => {
  const r = await runCli(['lint', '--format', 'junit', 'no-such.json']);
  assert.equal(r.code, 2);
  const root = parseXml(r.stdout);
  assert.deepEqual([root.name, root.attributes.tests, root.attributes.failures, root.children.length], ['testsuites', '0', '0', 0]);
});
