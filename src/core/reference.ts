/** AWS's current "self-manage credentials with MFA" policy (IAM User Guide), the model for fixes and snippets. */
import { REQUIRED_ENROLMENT_ACTIONS } from './mfa/actions';

const ownUser = 'arn:aws:iam::*:user/${aws:username}';

export const REFERENCE_DENY_STATEMENT = {
  Sid: 'DenyAllExceptListedIfNoMFA',
  Effect: 'Deny',
  NotAction: [...REQUIRED_ENROLMENT_ACTIONS, 'sts:GetSessionToken'],
  Resource: '*',
  Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
};

const REFERENCE_POLICY_OBJECT = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Resource: '*' },
    { Sid: 'AllowManageOwnPasswords', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: ownUser },
    {
      Sid: 'AllowManageOwnAccessKeys',
      Effect: 'Allow',
      Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'],
      Resource: ownUser,
    },
    {
      Sid: 'AllowManageOwnSigningCertificates',
      Effect: 'Allow',
      Action: [
        'iam:DeleteSigningCertificate',
        'iam:ListSigningCertificates',
        'iam:UpdateSigningCertificate',
        'iam:UploadSigningCertificate',
      ],
      Resource: ownUser,
    },
    {
      Sid: 'AllowManageOwnSSHPublicKeys',
      Effect: 'Allow',
      Action: [
        'iam:DeleteSSHPublicKey',
        'iam:GetSSHPublicKey',
        'iam:ListSSHPublicKeys',
        'iam:UpdateSSHPublicKey',
        'iam:UploadSSHPublicKey',
      ],
      Resource: ownUser,
    },
    {
      Sid: 'AllowManageOwnGitCredentials',
      Effect: 'Allow',
      Action: [
        'iam:CreateServiceSpecificCredential',
        'iam:DeleteServiceSpecificCredential',
        'iam:ListServiceSpecificCredentials',
        'iam:ResetServiceSpecificCredential',
        'iam:UpdateServiceSpecificCredential',
      ],
      Resource: ownUser,
    },
    { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/*' },
    {
      Sid: 'AllowManageOwnUserMFA',
      Effect: 'Allow',
      Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
      Resource: ownUser,
    },
    REFERENCE_DENY_STATEMENT,
  ],
};

/** The reference policy as 2-space JSON. */
export const REFERENCE_POLICY: string = JSON.stringify(REFERENCE_POLICY_OBJECT, null, 2);
