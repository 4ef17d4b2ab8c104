// Fixed-seed share of "fixes round-trip" and of the pasted-characters fix (docs/robustness.md).
import { registerProperties } from '../property/ci-share';

registerProperties([
  'fixes-round-trip',
  'fixes-round-trip-on-odd-policies',
  'fixes-round-trip-embedded',
  'fixes-round-trip-yaml',
  'fix-all-yaml',
  'fixes-converge',
  'pasted-characters-fix-restores-the-text',
]);
