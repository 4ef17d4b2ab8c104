import { makeFix } from '../fixes/edits';
import { defineRule } from './rule';

export const virtualMfaDeviceDeletion = defineRule(
  {
    id: 'FMFA026',
    name: 'virtual-mfa-device-deletion',
    description: 'iam:DeleteVirtualMFADevice granted for self-service: AWS removed it from its example policy.',
    defaultSeverity: 'info',
    fixable: true,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      for (const s of p.doc.statements) {
        if (s.effect !== 'Allow') continue;
        const v = s.actionProp?.value;
        const nodes = v?.type === 'array' ? v.items! : v ? [v] : [];
        nodes.forEach((n, index) => {
          if (
            n.type !== 'string' ||
            (n.value as string).length !== 26 ||
            (n.value as string).toLowerCase() !== 'iam:deletevirtualmfadevice'
          )
            return;
          ctx.report({
            offset: n.offset,
            length: n.length,
            policy: p.index,
            message:
              'iam:DeleteVirtualMFADevice is granted: AWS removed it from its self-service example, because deleting a device is how a user (or a thief of the password) walks away from MFA. Users need only iam:DeactivateMFADevice with MFA.',
            fixes:
              v?.type === 'array' && v.items!.length > 1
                ? [makeFix('Remove iam:DeleteVirtualMFADevice', 'suggestion', () => ctx.writer.removeItems(v, [index]))]
                : [],
          });
        });
      }
    }
  },
);
