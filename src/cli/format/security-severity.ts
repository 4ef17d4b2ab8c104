/**
 * SARIF's `security-severity` for each rule (GitHub code scanning ranks alerts by it: 9.0 and over
 * critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low). The number says what the finding
 * lets happen, whatever level a project gives the rule (docs/cli.md, "security-severity"):
 *
 * - 8.0, the MFA deny can be walked around or forces nothing: a user signs in, or calls the API with
 *   long-term keys, without MFA and keeps every permission;
 * - 7.0, part of the requests without MFA escape (another key ANDed in, some resources or actions only);
 * - 6.0, users are locked out of enrolling, or an operator surprises on the absent key;
 * - 5.0, the policy is not analysed, or a value silently does not mean what it says (a JSON parser
 *   keeps the last duplicate key, ARNs of another partition, variables read literally);
 * - 4.0, IAM rejects or misreads the policy (grammar, odd booleans), or enrolment by device name breaks;
 * - 3.0 and less, hygiene (AWS's current example, paths, unknown actions, size).
 */
export const SECURITY_SEVERITY: Readonly<Record<string, number>> = {
  'missing-mfa-deny': 8.0,
  'bool-without-ifexists': 8.0,
  'null-only-mfa-check': 8.0,
  'for-any-value-mfa-check': 8.0,
  'weakening-exemption': 8.0,
  'trust-policy-mfa': 8.0,
  'user-not-forced': 8.0,
  'narrowed-mfa-condition': 7.0,
  'narrowed-deny-scope': 7.0,
  'mfa-lockout': 6.0,
  'missing-enrolment-exemption': 6.0,
  'set-operator-on-single-valued-key': 6.0,
  'unreadable-policy': 5.0,
  'json-syntax': 5.0,
  'pasted-characters': 5.0,
  'duplicate-key': 5.0,
  'arn-partition-mismatch': 5.0,
  'policy-variables-need-version': 5.0,
  'iam-schema': 4.0,
  'odd-boolean-value': 4.0,
  'named-mfa-device-resource': 4.0,
  'virtual-mfa-device-deletion': 3.0,
  'user-path-not-matched': 3.0,
  'unknown-action': 3.0,
  'policy-size-limit': 2.0,
};

/** A rule not in the table yet (a test asks every registered rule to be in it): by its default severity. */
const BY_SEVERITY: Record<string, number> = { error: 5.0, warning: 4.0, info: 2.0, hint: 1.0 };

export function securitySeverity(rule: string, defaultSeverity: string): number {
  return SECURITY_SEVERITY[rule] ?? BY_SEVERITY[defaultSeverity] ?? 1.0;
}
