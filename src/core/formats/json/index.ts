/** The JSON front-end: the pasted-character pre-pass, the scanner and the iterative tree builder. */
export { parseJson } from './builder';
export { JsonScanner, ScanError, Token, createScanner } from './scanner';
