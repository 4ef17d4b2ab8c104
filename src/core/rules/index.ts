/** The ordered rule registry: the order of documentation, SARIF rule metadata and settings. */
import type { Rule } from './rule';
import { jsonSyntax } from './json-syntax';
import { duplicateKey } from './duplicate-key';
import { pastedCharacters } from './pasted-characters';
import { iamSchema } from './iam-schema';
import { missingMfaDeny } from './missing-mfa-deny';
import { boolWithoutIfExists } from './bool-without-ifexists';
import { nullOnlyMfaCheck } from './null-only-mfa-check';
import { forAnyValueMfaCheck } from './for-any-value-mfa-check';
import { narrowedMfaCondition } from './narrowed-mfa-condition';
import { weakeningExemption } from './weakening-exemption';
import { narrowedDenyScope } from './narrowed-deny-scope';
import { missingEnrolmentExemption } from './missing-enrolment-exemption';
import { mfaLockout } from './mfa-lockout';
import { namedMfaDeviceResource } from './named-mfa-device-resource';
import { policyVariablesNeedVersion } from './policy-variables-need-version';
import { arnPartitionMismatch } from './arn-partition-mismatch';
import { setOperatorOnSingleValuedKey } from './set-operator-on-single-valued-key';
import { oddBooleanValue } from './odd-boolean-value';
import { policySizeLimit } from './policy-size-limit';
import { trustPolicyMfa } from './trust-policy-mfa';
import { virtualMfaDeviceDeletion } from './virtual-mfa-device-deletion';
import { userPathNotMatched } from './user-path-not-matched';
import { unreadablePolicy } from './unreadable-policy';
import { unknownAction } from './unknown-action';
import { userNotForced } from './user-not-forced';

export const rules: readonly Rule[] = [
  jsonSyntax,
  duplicateKey,
  pastedCharacters,
  iamSchema,
  missingMfaDeny,
  boolWithoutIfExists,
  nullOnlyMfaCheck,
  forAnyValueMfaCheck,
  narrowedMfaCondition,
  weakeningExemption,
  narrowedDenyScope,
  missingEnrolmentExemption,
  mfaLockout,
  namedMfaDeviceResource,
  policyVariablesNeedVersion,
  arnPartitionMismatch,
  setOperatorOnSingleValuedKey,
  oddBooleanValue,
  policySizeLimit,
  trustPolicyMfa,
  virtualMfaDeviceDeletion,
  userPathNotMatched,
  unreadablePolicy,
  unknownAction,
  userNotForced,
];

/** Rules that judge the raw document (phase `document`): they run even when the text is not (yet) valid JSON. */
export const DOCUMENT_RULES: ReadonlySet<string> = new Set(rules.filter((r) => r.phase === 'document').map((r) => r.name));
