# The deny exists only when var.enforce_mfa is true: its default is in variables.tf, beside this file.
data "aws_iam_policy_document" "mfa" {
  statement {
    sid       = "AllowListDevices"
    actions   = ["iam:ListVirtualMFADevices"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = var.enforce_mfa ? [1] : []

    content {
      sid    = "DenyAllExceptListedIfNoMFA"
      effect = "Deny"
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
        test     = "BoolIfExists"
        variable = "aws:MultiFactorAuthPresent"
        values   = ["false"]
      }
    }
  }
}
