// Fixed-seed share of "fixes round-trip" and of the pasted-characters fix (docs/robustness.md).
import { registerProperties } from '../property/ci-share';

registerProperties(['fixes-round-trip', 'pasted-characters-fix-restores-the-text']);
