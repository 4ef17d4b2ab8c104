# An aws_iam_policy_document whose deny uses Bool: a request signed with long-term access keys
# carries no aws:MultiFactorAuthPresent, so Bool does not match and the deny does not apply.
data "aws_iam_policy_document" "force_mfa" {
  statement {
    sid       = "DenyAllExceptListedIfNoMFA"
    effect    = "Deny"
    not_actions = [
      "iam:CreateVirtualMFADevice",
      "iam:EnableMFADevice",
      "iam:GetUser",
      "iam:ListMFADevices",
      "iam:ListVirtualMFADevices",
      "iam:ResyncMFADevice",
      "sts:GetSessionToken",
    ]
    resources = ["*"]

    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

resource "aws_iam_policy" "force_mfa" {
  name   = "force-mfa"
  policy = data.aws_iam_policy_document.force_mfa.json
}
