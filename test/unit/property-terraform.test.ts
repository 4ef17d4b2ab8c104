// Fixed-seed share of the Terraform fix round-trip (test/property/terraform.ts): generated policies as
// aws_iam_policy_document blocks and jsonencode objects, every HCL fix applied and read again.
import { before } from 'node:test';
import { registerProperties } from '../property/ci-share';
import { terraformReader } from '../property/terraform';

before(async () => {
  await terraformReader;
});

registerProperties(['fixes-round-trip-terraform', 'fixes-round-trip-terraform-markdown']);
