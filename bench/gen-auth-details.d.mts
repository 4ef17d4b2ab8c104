// Types for the account export generator, so the unit tests (TypeScript) can share it.
export declare function generateAuthDetails(options?: {
  users?: number;
  groups?: number;
  policies?: number;
  seed?: number;
  encoded?: boolean;
}): string;
