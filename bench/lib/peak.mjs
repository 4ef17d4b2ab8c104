// The same preload for `node --import ./bench/lib/peak.mjs ...` (see peak.cjs; --require ./bench/lib/peak.cjs measures
// less of what the preload itself costs).
import './peak.cjs';
