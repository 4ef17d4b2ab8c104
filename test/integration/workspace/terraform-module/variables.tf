variable "enforce_mfa" {
  description = "Whether the policy denies every request made without MFA."
  type        = bool
  default     = true
}
