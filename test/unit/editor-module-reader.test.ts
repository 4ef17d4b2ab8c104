// The editor's Terraform modules (src/extension/module-reader.ts, filled with workspace.fs in both hosts by
// src/extension/terraform-module.ts): a document's sibling *.tf files and the policy files its file() and
// templatefile() calls name, open documents' unsaved text first, within the core's MODULE_LIMITS, no link
// followed; and what the core makes of the module read.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readModule, type EntryKind, type ModuleFs } from '../../src/extension/module-reader';
import { lint, terraformFileReferences } from '../../src/core';
import { loadTerraformReader } from '../lib/hcl-reader';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '../fixtures', name), 'utf8');

/** A file system from a table of paths ('/m/main.tf': text; a value `{ link: true }` is a link), counting reads. */
function tableFs(files: Record<string, string | { link: true }>, open: Record<string, string> = {}): ModuleFs & { reads: string[] } {
  const reads: string[] = [];
  const kindAt = (p: string): EntryKind | undefined => {
    const v = files[p];
    if (v !== undefined) return typeof v === 'string' ? 'file' : 'link';
    return Object.keys(files).some((k) => k.startsWith(`${p}/`)) ? 'folder' : undefined;
  };
  return {
    reads,
    list: async (folder) => {
      const names = new Set<string>();
      for (const k of Object.keys(files)) if (k.startsWith(`${folder}/`)) names.add(k.slice(folder.length + 1).split('/')[0]!);
      return [...names].map((n) => [n, kindAt(`${folder}/${n}`)!] as const);
    },
    size: async (file) => new TextEncoder().encode(files[file] as string).length,
    read: async (file) => {
      reads.push(file);
      const v = files[file];
      if (typeof v !== 'string') throw new Error('not a file');
      return new TextEncoder().encode(v);
    },
    openText: (file) => open[file],
  };
}

before(async () => {
  await loadTerraformReader();
});

test("a document's module: its folder's other .tf files and the files it reads, an open document's unsaved text first", async () => {
  const main = fixture('terraform-module/main.tf');
  const fs = tableFs(
    {
      '/m/main.tf': main,
      '/m/variables.tf': fixture('terraform-module/variables.tf'),
      '/m/locals.tf': 'locals {}\n',
      '/m/notes.md': '# not read',
      '/m/sub/other.tf': 'variable "manage_explicit_deny" {\n  default = true\n}\n',
      '/m/policies/mfa.json': '{}',
    },
    { '/m/locals.tf': fixture('terraform-module/locals.tf') },
  );
  const module = await readModule(fs, '/m', 'main.tf', ['policies/mfa.json', 'variables.tf']);
  assert.deepEqual(
    module.files.map((f) => f.name),
    ['locals.tf', 'variables.tf', 'policies/mfa.json'],
  );
  assert.deepEqual(
    fs.reads,
    ['/m/variables.tf', '/m/policies/mfa.json'],
    "the open locals.tf is not read from disk: its editor's text is used",
  );
  // The core judges main.tf with it: the default of variables.tf, the partition of the unsaved locals.tf.
  const r = lint(main, { fileName: '/m/main.tf', module });
  assert.match(r.policies[0]!.reason, /manage_explicit_deny = false in variables\.tf/);
  assert.deepEqual(r.policies[1]!.lockout, ['iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ResyncMFADevice']);
});

test('no link is followed (a .tf file or a folder on the way to a policy file), and what cannot be read is left out', async () => {
  const fs = tableFs({
    '/m/main.tf': 'x = file("linked/p.json")\ny = file("p.json")\n',
    '/m/variables.tf': { link: true },
    '/m/linked': { link: true },
    '/m/linked/p.json': '{}',
    '/m/p.json': { link: true },
  });
  const module = await readModule(fs, '/m', 'main.tf', terraformFileReferences('x = file("linked/p.json")\ny = file("p.json")\n'));
  assert.deepEqual(module.files, []);
  assert.deepEqual(fs.reads, []);
  // A file that is not UTF-8 text is left out.
  const binary = tableFs({ '/m/a.tf': 'ok = 1\n', '/m/b.tf': 'x' });
  binary.read = async (file) => (file.endsWith('b.tf') ? new Uint8Array([0xff, 0xfe, 0x00]) : new TextEncoder().encode('ok = 1\n'));
  assert.deepEqual(
    (await readModule(binary, '/m', 'main.tf', [])).files.map((f) => f.name),
    ['a.tf'],
  );
});

test("a module's files past MODULE_LIMITS are not read: 64 files, and no file larger than what is left", async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 70; i++) files[`/m/f${String(i).padStart(2, '0')}.tf`] = '# x\n';
  const many = tableFs(files);
  const module = await readModule(many, '/m', 'main.tf', []);
  assert.equal(module.files.length, 64);
  assert.equal(many.reads.length, 64, 'the files past the limit are not even read');
  const big = tableFs({ '/m/big.tf': 'x'.repeat(2_000_001), '/m/small.tf': '# y\n' });
  assert.deepEqual(
    (await readModule(big, '/m', 'main.tf', [])).files.map((f) => f.name),
    ['small.tf'],
  );
  assert.deepEqual(big.reads, ['/m/small.tf'], 'a file over the budget is not read: its size says so');
});

test('the variable values Terraform loads from the folder (terraform.tfvars, *.auto.tfvars) are read too, and decide over the defaults', async () => {
  const main = fixture('terraform-module/main.tf');
  const fs = tableFs({
    '/m/main.tf': main,
    '/m/variables.tf': fixture('terraform-module/variables.tf'),
    '/m/terraform.tfvars': 'manage_explicit_deny = true\n',
    '/m/prod.tfvars': 'manage_explicit_deny = false\n',
    '/m/sub/x.auto.tfvars': 'manage_explicit_deny = false\n',
  });
  const module = await readModule(fs, '/m', 'main.tf', []);
  assert.deepEqual(
    module.files.map((f) => f.name),
    ['terraform.tfvars', 'variables.tf'],
    'prod.tfvars is loaded only by -var-file; a subfolder is another module',
  );
  // true in terraform.tfvars: the BoolIfExists "false" NotAction deny is emitted, so access keys (key absent) and
  // sessions without MFA ("false") are denied all but enrolment: enforced.
  const r = lint(main, { fileName: '/m/main.tf', module });
  assert.equal(r.policies[0]!.mfa, 'enforced');
  assert.match(r.policies[0]!.reason, /with manage_explicit_deny = true in terraform\.tfvars, the deny at line 10 is emitted/);
});
