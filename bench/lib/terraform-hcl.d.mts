// Types for the benchmark's Terraform generator, so the HCL front-end's tests (TypeScript) can share it.
export declare function generateHcl(targetBytes: number, seed: number): string;
export declare const HCL_SIZES: ReadonlyArray<{ id: string; bytes: number }>;
