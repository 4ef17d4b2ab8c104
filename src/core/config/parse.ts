/**
 * `.force-mfa.json`: the project's configuration, shared by the CLI and the editor. JSONC (comments
 * and trailing commas allowed), read with jsonc-parser's tree, then checked key by key: every problem
 * is a ConfigError with the line and column of the value at fault, and a bad value is left out of the
 * settings (never guessed). An `ignore` entry without a `reason` is an error: accepting a finding on
 * purpose must say why, so that a reviewer can judge it later.
 */
import { createScanner, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { isPartition, PARTITIONS, RULE_SETTINGS, type Partition, type RuleSetting } from '../types';
import { ruleMetas } from '../lint';
import { editDistance } from '../text/edit-distance';
import { checkGlob } from './globs';
import { LineIndex } from '../text/positions';

export const CONFIG_FILE_NAME = '.force-mfa.json';

/** Deeper than this is no configuration: refused before jsonc-parser's recursive parser sees it. */
export const MAX_CONFIG_DEPTH = 32;
/** A configuration lists at most this many errors (a file of garbage must not flood the output). */
export const MAX_CONFIG_ERRORS = 100;

/** One `ignore` entry: the findings it accepts, and why. */
export interface IgnoreEntry {
  /** Position in the `ignore` array. */
  index: number;
  /** Glob, relative to the configuration's folder. */
  files: string;
  rule: string;
  /** JSON pointer of a value in the file (RFC 6901): findings inside it. */
  pointer?: string;
  /** A statement's Sid: findings inside a statement with this Sid. */
  sid?: string;
  reason: string;
  /** Where the entry stands in the configuration: offset and length, 1-based line and column. */
  offset: number;
  length: number;
  line: number;
  column: number;
}

export interface ForceMfaConfig {
  rules: Record<string, RuleSetting>;
  partition?: Partition;
  allowPasswordChangeWithoutMfa?: boolean;
  /** Globs of files not linted, relative to the configuration's folder. */
  exclude: string[];
  ignore: IgnoreEntry[];
}

export interface ConfigError {
  message: string;
  offset: number;
  length: number;
  /** 1-based; the end is just past the value at fault. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ParsedConfig {
  config: ForceMfaConfig;
  errors: ConfigError[];
  /** False when the text is no JSON object (a syntax error, too deep): nothing in it was read. */
  readable: boolean;
}

const TOP_KEYS = ['$schema', 'rules', 'partition', 'allowPasswordChangeWithoutMfa', 'exclude', 'ignore'];
const ENTRY_KEYS = ['files', 'rule', 'pointer', 'sid', 'reason'];

/** Collects errors with their positions, at most MAX_CONFIG_ERRORS. */
class Errors {
  readonly list: ConfigError[] = [];
  /** Every error found, listed or not: an entry with an error past the cap is still not applied. */
  count = 0;
  constructor(private readonly lines: LineIndex) {}
  add(message: string, offset: number, length: number): void {
    if (this.count++ >= MAX_CONFIG_ERRORS) return;
    const end = this.lines.positionAt(offset + length);
    this.list.push({ message, offset, length, ...this.lines.positionAt(offset), endLine: end.line, endColumn: end.column });
  }
  positionOf(offset: number): { line: number; column: number } {
    return this.lines.positionAt(offset);
  }
  at(node: Node, message: string): void {
    this.add(message, node.offset, node.length);
  }
}

/** Parses and checks a configuration text. Never throws, whatever it is passed. */
export function parseConfig(text: string): ParsedConfig {
  const source = typeof text === 'string' ? text : '';
  try {
    return parseChecked(source);
  } catch (e) {
    // Nothing a host passes may throw out of the core: a failure is a configuration error at the start.
    const message = `This configuration could not be read (internal error: ${e instanceof Error ? e.message : String(e)}).`;
    const error = { message, offset: 0, length: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
    return { config: { rules: {}, exclude: [], ignore: [] }, errors: [error], readable: false };
  }
}

function parseChecked(text: string): ParsedConfig {
  const config: ForceMfaConfig = { rules: {}, exclude: [], ignore: [] };
  const errors = new Errors(new LineIndex(text));
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    errors.add(`Nested more than ${MAX_CONFIG_DEPTH} levels deep: this is not a force-mfa configuration.`, deep, 1);
    return { config, errors: errors.list, readable: false };
  }
  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  for (const e of syntax) errors.add(`JSON syntax: ${describeSyntax(printParseErrorCode(e.error))}.`, e.offset, e.length);
  if (syntax.length > 0) return { config, errors: errors.list, readable: false };
  // An empty file configures nothing.
  if (!root) return { config, errors: errors.list, readable: true };
  if (root.type !== 'object') {
    errors.at(root, 'The configuration must be an object: { "rules": {...}, "ignore": [...] }.');
    return { config, errors: errors.list, readable: false };
  }
  for (const [key, value] of members(root, errors)) readTopKey(key, value, config, errors);
  return { config, errors: errors.list, readable: true };
}

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read: its values.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/** Where the text first nests deeper than MAX_CONFIG_DEPTH, or -1: a scan, no recursion. */
function tooDeepAt(text: string): number {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind: number = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      if (++depth > MAX_CONFIG_DEPTH) return scanner.getTokenOffset();
    } else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) depth--;
  }
  return -1;
}

/** jsonc-parser's error codes (`PropertyNameExpected`) in words. */
function describeSyntax(code: string): string {
  let out = '';
  for (const ch of code) out += ch >= 'A' && ch <= 'Z' ? ` ${ch.toLowerCase()}` : ch;
  return out.trim();
}

/** An object's members as [key node, value node]; a duplicate key is an error (which one would win is a guess). */
function members(node: Node, errors: Errors): Array<[Node, Node]> {
  const out: Array<[Node, Node]> = [];
  const seen = new Set<string>();
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (!key || !value) continue;
    const name = String(key.value);
    if (seen.has(name)) {
      errors.at(key, `Duplicate key "${name}".`);
      continue;
    }
    seen.add(name);
    out.push([key, value]);
  }
  return out;
}

/** The registered rule nearest to a misspelled name, for "did you mean". */
function nearestRule(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const { name: candidate } of ruleMetas) {
    const d = editDistance(name, candidate, 3);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** The error for a name that is no rule, or undefined for a rule's name. */
export function unknownRule(name: string): string | undefined {
  if (ruleMetas.some((r) => r.name === name)) return undefined;
  const near = nearestRule(name);
  return `Unknown rule "${name}"${near ? `; did you mean "${near}"?` : ''} The rules are listed in docs/rules.`;
}

function readTopKey(key: Node, value: Node, config: ForceMfaConfig, errors: Errors): void {
  switch (key.value) {
    case '$schema':
      if (value.type !== 'string') errors.at(value, '"$schema" must be a string.');
      return;
    case 'rules':
      return readRules(value, config, errors);
    case 'partition':
      if (isPartition(value.value)) config.partition = value.value;
      else errors.at(value, `"partition" must be one of ${PARTITIONS.join(', ')}.`);
      return;
    case 'allowPasswordChangeWithoutMfa':
      if (typeof value.value === 'boolean' && value.type === 'boolean') config.allowPasswordChangeWithoutMfa = value.value;
      else errors.at(value, '"allowPasswordChangeWithoutMfa" must be true or false.');
      return;
    case 'exclude':
      config.exclude = readGlobs(value, errors);
      return;
    case 'ignore':
      if (value.type !== 'array') return errors.at(value, '"ignore" must be an array of { "files", "rule", "reason" } entries.');
      for (const item of value.children ?? []) {
        const entry = readEntry(item, config.ignore.length, errors);
        if (entry) config.ignore.push(entry);
      }
      return;
    default:
      errors.at(key, `Unknown key "${String(key.value)}"; the keys are ${TOP_KEYS.join(', ')}.`);
  }
}

function readRules(value: Node, config: ForceMfaConfig, errors: Errors): void {
  if (value.type !== 'object')
    return errors.at(value, '"rules" must be an object: { "<rule>": "error" | "warning" | "info" | "hint" | "off" }.');
  for (const [key, setting] of members(value, errors)) {
    const name = String(key.value);
    const unknown = unknownRule(name);
    if (unknown) errors.at(key, unknown);
    else if (!RULE_SETTINGS.includes(setting.value as RuleSetting) || setting.type !== 'string') {
      errors.at(setting, `The severity of "${name}" must be one of ${RULE_SETTINGS.join(', ')}.`);
    } else config.rules[name] = setting.value as RuleSetting;
  }
}

function readGlobs(value: Node, errors: Errors): string[] {
  if (value.type !== 'array') {
    errors.at(value, '"exclude" must be an array of globs, e.g. ["generated/**"].');
    return [];
  }
  const out: string[] = [];
  for (const item of value.children ?? []) {
    const problem = item.type === 'string' ? checkGlob(String(item.value)) : 'a glob must be a string';
    if (problem) errors.at(item, `Bad glob: ${problem}.`);
    else out.push(String(item.value));
  }
  return out;
}

/** One `ignore` entry, or undefined (with its errors) when it cannot be applied as written. */
function readEntry(item: Node, index: number, errors: Errors): IgnoreEntry | undefined {
  if (item.type !== 'object') {
    errors.at(item, 'An ignore entry must be an object: { "files": "<glob>", "rule": "<rule>", "reason": "<why>" }.');
    return undefined;
  }
  const before = errors.count;
  const got = new Map<string, Node>();
  for (const [key, value] of members(item, errors)) {
    const name = String(key.value);
    if (!ENTRY_KEYS.includes(name)) errors.at(key, `Unknown key "${name}" in an ignore entry; its keys are ${ENTRY_KEYS.join(', ')}.`);
    else if (value.type !== 'string') errors.at(value, `"${name}" must be a string.`);
    else got.set(name, value);
  }
  const str = (k: string) => (got.has(k) ? String(got.get(k)!.value) : undefined);
  const [files, rule, pointer, sid, reason] = ENTRY_KEYS.map(str);
  const filesProblem = files === undefined ? 'it names no "files" (a glob of the files it applies to)' : checkGlob(files);
  if (filesProblem) errors.at(got.get('files') ?? item, `Bad ignore entry: ${filesProblem}.`);
  if (rule === undefined) errors.at(item, 'This ignore entry names no "rule".');
  else if (unknownRule(rule)) errors.at(got.get('rule')!, unknownRule(rule)!);
  if (pointer !== undefined && pointer !== '' && !pointer.startsWith('/'))
    errors.at(got.get('pointer')!, '"pointer" must be a JSON pointer: "" or starting with "/", e.g. "/Statement/0".');
  if (sid !== undefined && sid === '') errors.at(got.get('sid')!, '"sid" must not be empty.');
  if (reason === undefined || reason.trim() === '') {
    errors.at(
      got.get('reason') ?? item,
      'This ignore entry has no "reason": say why the finding is accepted, so that a reviewer can judge it.',
    );
  }
  if (errors.count > before) return undefined;
  const { line, column } = errors.positionOf(item.offset);
  return {
    index,
    files: files!,
    rule: rule!,
    ...(pointer !== undefined ? { pointer } : {}),
    ...(sid !== undefined ? { sid } : {}),
    reason: reason!,
    offset: item.offset,
    length: item.length,
    line,
    column,
  };
}
