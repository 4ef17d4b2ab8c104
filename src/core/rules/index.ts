/** The ordered rule registry: the order of documentation, SARIF rule metadata and settings. */
import type { Rule } from './rule';
import { jsonSyntax } from './json-syntax';
import { duplicateKey } from './duplicate-key';
import { pastedCharacters } from './pasted-characters';
import { iamSchema } from './iam-schema';
import { missingMfaDeny } from './missing-mfa-deny';

export const rules: readonly Rule[] = [
  jsonSyntax,
  duplicateKey,
  pastedCharacters,
  iamSchema,
  missingMfaDeny,
];

/** Rules that judge the raw document: they run even when the text is not (yet) valid JSON. */
export const DOCUMENT_RULES = new Set(['json-syntax', 'duplicate-key', 'pasted-characters']);
