// Types for schemas/generate-schema.mjs, so tests can compare the committed schema with its generator.
export declare function conditionOperators(): Array<[name: string, markdownDescription: string]>;
export declare function buildSchema(): Record<string, unknown>;
export declare const SCHEMA_PATH: string;
