// Types for the benchmark's generator, so the editor perf test (TypeScript) can share it.
export declare function prng(seed: number): () => number;
export declare function generatePolicy(targetBytes: number, seed?: number): string;
export declare const SIZES: ReadonlyArray<{ id: string; bytes: number }>;
