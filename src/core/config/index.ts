// The project configuration file, `.force-mfa.json`: read, checked, applied (the CLI and the editor share it).
export {
  CONFIG_FILE_NAME,
  MAX_CONFIG_DEPTH,
  MAX_CONFIG_ERRORS,
  parseConfig,
  type ConfigError,
  type ForceMfaConfig,
  type IgnoreEntry,
  type ParsedConfig,
} from './parse';
export {
  applyIgnores,
  configLintOptions,
  entriesFor,
  isExcludedByConfig,
  staleEntries,
  type ConfiguredResult,
  type SuppressedFinding,
} from './apply';
export { checkGlob, configGlobMatches } from './globs';
export { findingPlace, placeOfFinding, placeTree, type FindingPlace } from './place';
export { addIgnoreEntry, NEW_CONFIG_TEXT, type NewIgnoreEntry } from './edit';
