/** Everything scripts/fuzz.mjs needs, in one module: one load, one instance of the tracer. */
export { PROPERTIES, runProperty } from './properties';
export { newStats, assertWellFormed, applyEdits, editsOf, lint, setTracer } from './checks';
export { HOSTILE_INPUTS } from './hostile-inputs';
export { workSnapshot, workSince } from '../../src/core/work';
export { WORK_PER_CHAR, outputSize } from './budget';
/** The HCL reader loads asynchronously: the Terraform properties need it loaded before they run. */
export { terraformReader } from './terraform';
