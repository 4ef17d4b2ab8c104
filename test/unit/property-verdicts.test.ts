// Fixed-seed share of "verdicts are stable" (docs/robustness.md): one property per transformation.
import { registerProperties } from '../property/ci-share';

registerProperties([
  'verdict-stable-under-reindent',
  'verdict-stable-under-key-order',
  'verdict-stable-under-statement-order',
  'verdict-stable-under-case-of-keys-and-actions',
  'verdict-stable-under-embedding-in-a-template',
  'verdict-stable-in-every-format',
]);
