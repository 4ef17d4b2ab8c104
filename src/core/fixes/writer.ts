/**
 * What a fix writes, decided once and format-neutrally ("rename this key", "append these items",
 * "insert this statement"), and the writer that turns it into edits in the file's own syntax. The
 * rules build their fixes only through a RuleContext's `writer`; each format provides its writer
 * (JSON here, YAML from ../formats/yaml/writer.ts through ../yaml.ts, so that bundles that do not
 * read YAML do not carry it).
 */
import type { DocumentFormat, Edit, FormattingOptions } from '../types';
import type { JsonNode, JsonProperty } from '../document/tree';
import type { PolicyDocument } from '../document/policy';
import { appendArrayItems, insertProperty, quote, removeArrayItem, removeArrayItems, renameKey, replaceMember, replaceNode } from './edits';
import { insertDenyEdits } from './insert-deny';

export interface FixWriter {
  /** Renames a member's key, keeping its value (and, where the format has a choice, the key's quoting). */
  renameKey(prop: JsonProperty, key: string): Edit[];
  /** Replaces a node with a value; strings of the old value keep their source text where they recur. */
  replaceNode(node: JsonNode, value: unknown): Edit[];
  /** Replaces a scalar with a new string, written afresh (no part of the old literal kept). */
  writeString(node: JsonNode, value: string): Edit[];
  /** Appends items to a list. */
  appendItems(list: JsonNode, values: readonly unknown[]): Edit[];
  /** Adds a member to a map, first or last. */
  insertMember(map: JsonNode, key: string, value: unknown, first?: boolean): Edit[];
  /** Removes the items at `indexes` (ascending) from a list. */
  removeItems(list: JsonNode, indexes: readonly number[]): Edit[];
  /** Replaces a whole member (key and value) with another key and value. */
  replaceMember(prop: JsonProperty, key: string, value: unknown): Edit[];
  /** Inserts AWS's deny statement into a policy: appended to Statement, a single statement made a list, Statement added when absent. */
  insertDeny(doc: PolicyDocument): Edit[];
}

/** Makes a format's writer for one linted text (`root`: its tree, for writers that read the file's style from it). */
export type WriterFactory = (text: string, formatting: FormattingOptions, root: JsonNode | undefined) => FixWriter;

/** JSON: the edit builders of ./edits.ts and ./insert-deny.ts. */
export const jsonWriter: WriterFactory = (text, f) => ({
  renameKey: (prop, key) => [renameKey(prop, key)],
  replaceNode: (node, value) => [replaceNode(text, node, value, f)],
  writeString: (node, value) => [{ offset: node.offset, length: node.length, content: quote(value) }],
  appendItems: (list, values) => appendArrayItems(text, list, [...values], f),
  insertMember: (map, key, value, first) => insertProperty(text, map, key, value, f, first),
  removeItems: (list, indexes) => (indexes.length === 1 ? removeArrayItem(list, indexes[0]!) : removeArrayItems(list, indexes)),
  replaceMember: (prop, key, value) => [replaceMember(text, prop, key, value, f)],
  insertDeny: (doc) => insertDenyEdits(text, doc, f),
});

/**
 * The formats fixes are written in: a document's, HCL (a Terraform file, whose policies the core reads as JSON
 * trees), and `tf-json` (a `*.tf.json` file's policy documents, written in the provider's attributes).
 */
export type WriterFormat = DocumentFormat | 'hcl' | 'tf-json';

const writers = new Map<WriterFormat, WriterFactory>([['json', jsonWriter]]);

/** Hands a format's writer to the core (the YAML and HCL entries do, with their front-ends). */
export function provideWriter(format: WriterFormat, factory: WriterFactory): void {
  writers.set(format, factory);
}

/** A writer that gives no edits: HCL's when no host has provided it (JSON text in a .tf file would be broken HCL). */
const noEdits: WriterFactory = () => ({
  renameKey: () => [],
  replaceNode: () => [],
  writeString: () => [],
  appendItems: () => [],
  insertMember: () => [],
  removeItems: () => [],
  replaceMember: () => [],
  insertDeny: () => [],
});

/** The writer for a text of `format`; JSON's where a document format has none (yet). */
export function writerFor(format: WriterFormat, text: string, formatting: FormattingOptions, root: JsonNode | undefined): FixWriter {
  return (writers.get(format) ?? (format === 'hcl' || format === 'tf-json' ? noEdits : jsonWriter))(text, formatting, root);
}
