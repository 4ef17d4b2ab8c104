# The defaults of terraform-aws-modules/terraform-aws-iam's modules/iam-group (commit 981121b) that its
# main.tf (corpus file 31) needs to be judged: the corpus holds main.tf only, and its sources.json notes
# give these defaults ("create_policy, enable_self_management_permissions, enable_mfa_enforcement = true;
# permissions = null"). `create` is the module's switch for every resource, true upstream.
variable "create" {
  default = true
}

variable "create_policy" {
  default = true
}

variable "enable_self_management_permissions" {
  default = true
}

variable "enable_mfa_enforcement" {
  default = true
}

variable "permissions" {
  default = null
}
