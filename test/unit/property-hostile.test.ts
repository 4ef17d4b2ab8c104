// Fixed-seed share of the hostile-input family (`npm run fuzz` runs the full share): texts built to hang,
// crash or flood, each linted at n and 2n with its work and output counted against a budget.
import { registerProperties } from '../property/ci-share';

registerProperties(['hostile-inputs-within-budget']);
