variable "group_name" {
  description = "The IAM group whose members must use MFA"
  type        = string
  default     = "force-mfa"
}
