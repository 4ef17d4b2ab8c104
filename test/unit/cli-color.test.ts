// Colour in the stylish output: on a terminal, off with NO_COLOR, --no-color, or when stdout is no
// terminal; --color and FORCE_COLOR force it. Only stylish is ever coloured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../fixtures/cli/harness';

const ESC = '\u001b[';
const files = ['lint', 'allow-only.json', 'syntax-error.json'];
const coloured = async (argv: string[], io: { env?: Record<string, string>; isTTY?: boolean }) =>
  (await runCli(argv, io)).stdout.includes(ESC);

test('on a terminal the severities are coloured; the text is the same once the colour codes are removed', async () => {
  const plain = await runCli(files);
  const tty = await runCli(files, { isTTY: true, env: {} });
  assert.ok(!plain.stdout.includes(ESC), 'not a terminal: no colour');
  assert.ok(tty.stdout.includes(`${ESC}31merror${ESC}39m`), tty.stdout);
  assert.ok(tty.stdout.includes(`${ESC}33mwarning${ESC}39m`), tty.stdout);
  assert.equal(tty.stdout.replace(/\u001b\[\d+m/g, ''), plain.stdout);
});

test('NO_COLOR (any non-empty value) and --no-color switch colour off on a terminal; an empty NO_COLOR does not', async () => {
  assert.equal(await coloured(files, { isTTY: true, env: { NO_COLOR: '1' } }), false);
  assert.equal(await coloured(files, { isTTY: true, env: { NO_COLOR: '' } }), true);
  assert.equal(await coloured([...files, '--no-color'], { isTTY: true, env: {} }), false);
  assert.equal(await coloured(files, { isTTY: true, env: { TERM: 'dumb' } }), false);
});

test('--color and FORCE_COLOR force colour without a terminal; the last of --color / --no-color wins', async () => {
  assert.equal(await coloured([...files, '--color'], { env: {} }), true);
  assert.equal(await coloured([...files, '--color'], { env: { NO_COLOR: '1' } }), true, 'a flag wins over the environment');
  assert.equal(await coloured(files, { env: { FORCE_COLOR: '1' } }), true);
  assert.equal(await coloured(files, { isTTY: true, env: { FORCE_COLOR: '0' } }), false);
  assert.equal(await coloured([...files, '--color', '--no-color'], { env: {} }), false);
  assert.equal(await coloured([...files, '--no-color', '--color'], { env: {} }), true);
});

test('json and sarif are never coloured', async () => {
  for (const format of ['json', 'sarif']) assert.equal(await coloured([...files, '--format', format, '--color'], {}), false, format);
});

test('a file name holding an escape sequence stays escaped inside the colour', async () => {
  const r = await runCli(['lint', '--color', 'no-such-\u001b[2J.json'], { env: {} });
  assert.ok(!r.stderr.includes('\u001b[2J'));
});
