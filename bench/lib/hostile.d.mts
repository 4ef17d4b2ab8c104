// Types for the hostile-input generators, so that the unit tests and the fuzz run (TypeScript) share them.
export declare function starSegments(n: number, letter?: string, last?: string): string;
export declare function starPolicy(bytes: number, stars?: number): string;
export declare function starTrustPolicy(stars?: number): string;
export declare function variablePolicy(bytes: number, run?: number): string;
export declare function unterminatedVariable(bytes: number): string;
export declare function errorFlood(bytes: number, kind?: 'mixed' | 'comments' | 'control' | 'escapes'): string;
export declare function unknownKeys(bytes: number, keys?: number): string;
export declare function unknownOperators(bytes: number, ops?: number, block?: string): string;
export declare function unknownKeysAndOperators(bytes: number): string;
export declare function caseVariant(word: string, i: number): string;
export declare function caseVariants(bytes: number, variants?: number, operator?: string, value?: string): string;
export declare function minifiedFixes(bytes: number): string;
export declare const HOSTILE_KINDS: ReadonlyArray<{ id: string; make: (bytes: number) => string }>;
