import { makeFix } from '../fixes/edits';
import {
  ALWAYS,
  CONTEXT_NAMES,
  type ConditionEntry,
  MFA_AGE,
  MFA_PRESENT,
  NEVER,
  WITHOUT_MFA,
  type WithoutMfaContext,
  andResults,
  isViaServiceCarveOut,
} from '../mfa/condition';
import { deniesAction, statementLabel } from '../mfa/verdict';
import { REQUIRED_ENROLMENT_ACTIONS } from '../mfa/actions';
import { defineRule } from './rule';
import { conditionHas, propRange, relatedStatement } from './util';

export const narrowedMfaCondition = defineRule(
  {
    id: 'FMFA014',
    name: 'narrowed-mfa-condition',
    description: 'Another key or an MFA age ANDed into the MFA deny: requests without MFA that do not match it escape.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      for (const d of p.analysis.denies) {
        if (!d.cond.mfa.length) continue;
        const label = statementLabel(d.stmt);
        for (const e of d.cond.other) {
          if (isViaServiceCarveOut(e)) {
            ctx.report({
              ...propRange(e.keyProp),
              policy: p.index,
              severity: 'info',
              message: `${label} does not apply to calls that AWS services make on the user's behalf (aws:ViaAWSService "false"): a known, deliberate carve-out.`,
            });
          }
        }
        const presentEntries = d.cond.mfa.filter((e) => e.key === MFA_PRESENT);
        const present = andResults(presentEntries);
        const culprits = new Map<ConditionEntry, WithoutMfaContext[]>();
        for (const c of WITHOUT_MFA) {
          if (!presentEntries.length || present[c] !== ALWAYS || d.cond.results[c] === ALWAYS || p.analysis.covered[c]) continue;
          for (const e of [...d.cond.other, ...d.cond.mfa]) {
            if (e.key === MFA_PRESENT || e.results[c] === ALWAYS) continue;
            culprits.set(e, [...(culprits.get(e) ?? []), c]);
          }
        }
        // An age check with no presence check and no IfExists: it never fires without MFA.
        const ageOnly = d.cond.mfa.every((e) => e.key === MFA_AGE);
        if (ageOnly && !p.analysis.covered.keysAbsent && !p.analysis.covered.withoutMfa) {
          for (const e of d.cond.mfa)
            if (e.op.base.startsWith('Numeric') && e.results.keysAbsent === NEVER && e.results.withoutMfa === NEVER)
              culprits.set(e, [...WITHOUT_MFA]);
        }
        for (const [e, contexts] of culprits) {
          const age = e.key === MFA_AGE;
          const canIfExists =
            age &&
            e.op.base.startsWith('Numeric') &&
            !e.op.ifExists &&
            !e.op.set &&
            e.operatorProp.value!.props!.length === 1 &&
            !conditionHas(d.stmt, `${e.operatorProp.key}IfExists`) &&
            // With IfExists the deny fires without MFA: only offered when that locks nobody out.
            REQUIRED_ENROLMENT_ACTIONS.every((a) => !deniesAction(d.stmt, a));
          ctx.report({
            ...propRange(e.keyProp),
            policy: p.index,
            related: relatedStatement(d.stmt, 'The deny this key narrows.'),
            message: age
              ? `MFA ${ageOnly ? 'missing' : 'weak'}: ${label} ANDs ${e.operatorProp.key} on aws:MultiFactorAuthAge, a key that exists only when MFA was used, so the deny never fires for ${contexts.map((c) => CONTEXT_NAMES[c]).join(' or ')}. Use ${e.op.base}IfExists for a maximum MFA age.`
              : `MFA weak: ${label} ANDs ${e.keyProp.key} (${e.operatorProp.key}) into the MFA condition, so ${contexts.map((c) => CONTEXT_NAMES[c]).join(' and ')} that do not match it escape the deny.`,
            fixes: canIfExists
              ? [
                  makeFix(
                    `Change ${e.operatorProp.key} to ${e.operatorProp.key}IfExists`,
                    'safe',
                    () => ctx.writer.renameKey(e.operatorProp, `${e.operatorProp.key}IfExists`),
                    true,
                  ),
                ]
              : [],
          });
        }
      }
    }
  },
);
