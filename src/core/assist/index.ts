/**
 * Completion and hover for IAM actions and condition keys, from the catalogue of every AWS action
 * (../mfa/action-catalogue.ts): what to offer at an offset and what to say about the name under it.
 * Pure: the extension turns the answers into CompletionItems and Hovers. Nothing is offered before a
 * host has provided the catalogue (global condition keys excepted: they come with the core).
 */
import { parse, parseHcl } from '../document/parse';
import { terraformPolicies } from '../formats/hcl/terraform';
import { getProp, stringList, type JsonNode } from '../document/tree';
import { actionCatalogueLoaded, actionInfo, matchingActions, serviceInfo, servicePrefixes, type ActionInfo } from '../mfa/action-catalogue';
import { globalConditionKeyNames } from '../mfa/catalogue';
import { hasWildcard } from '../wildcard';
import { placeAt, type Place } from './locate';

/** `hcl`: Terraform, its aws_iam_policy_document blocks and jsonencode() policies (once the host has loaded the HCL reader). */
export type AssistFormat = 'json' | 'yaml' | 'hcl';

export interface AssistItem {
  label: string;
  kind: 'service' | 'action' | 'condition-key';
  /** One line beside the label: the access level, the service's name, the key's type. */
  detail: string;
  /** Sorts the keys the statement's actions support before the rest. */
  sortText?: string;
}

export interface Completions {
  /** The range the chosen item replaces: the name as typed, inside its quotes. */
  offset: number;
  length: number;
  items: AssistItem[];
}

export interface HoverText {
  offset: number;
  length: number;
  /** Markdown. */
  markdown: string;
}

const GLOBAL_KEYS_DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';
/** Actions a wildcard's hover lists, and actions of a statement whose keys completion gathers. */
const LISTED = 25;
const GATHERED = 200;
const BUDGET = 200_000;

function placeIn(text: string, offset: number, format: AssistFormat): Place | undefined {
  try {
    if (format === 'hcl') {
      const cst = parseHcl(text);
      if (!cst) return undefined;
      // Each policy the file holds is a tree of its own, over the Terraform text's offsets.
      for (const root of terraformPolicies(text, cst).known) {
        const place = root.offset <= offset && offset <= root.offset + root.length ? placeAt(text, root, offset) : undefined;
        if (place) return place;
      }
      return undefined;
    }
    return placeAt(text, parse(text, format).root, offset);
  } catch {
    // A YAML text before its reader is loaded, a Terraform text the reader cannot take: nothing to offer.
    return undefined;
  }
}

/** The catalogued actions a statement names in Action/NotAction (exact names, and what its wildcards match, a bounded number). */
function statementActions(statement: JsonNode): ActionInfo[] {
  const out: ActionInfo[] = [];
  const budget = { steps: 0, max: BUDGET };
  for (const key of ['Action', 'NotAction']) {
    for (const n of stringList(getProp(statement, key)?.value)) {
      const v = n.value as string;
      const names = hasWildcard(v) ? (matchingActions(v, GATHERED, budget) ?? []) : [v];
      for (const name of names) {
        const info = out.length < GATHERED ? actionInfo(name) : undefined;
        if (info) out.push(info);
      }
    }
  }
  return out;
}

function actionItems(typed: string): AssistItem[] {
  const colon = typed.indexOf(':');
  if (colon < 0) {
    return servicePrefixes().map((p) => ({ label: `${p}:`, kind: 'service', detail: serviceInfo(p)!.name }));
  }
  const s = serviceInfo(typed.slice(0, colon));
  if (!s) return [];
  return s.actionNames.map((n) => ({ label: `${s.prefix}:${n}`, kind: 'action', detail: actionInfo(`${s.prefix}:${n}`)!.level }));
}

function keyItems(statement: JsonNode): AssistItem[] {
  const items = new Map<string, AssistItem>();
  const actions = statementActions(statement);
  for (const a of actions) {
    for (const key of a.conditionKeys) {
      if (!items.has(key)) items.set(key, { label: key, kind: 'condition-key', detail: `supported by ${a.action}`, sortText: `0${key}` });
    }
  }
  for (const prefix of new Set(actions.map((a) => a.service))) {
    const s = serviceInfo(prefix)!;
    for (const k of s.conditionKeys) {
      if (!items.has(k.key))
        items.set(k.key, { label: k.key, kind: 'condition-key', detail: `${s.name} (${k.type})`, sortText: `1${k.key}` });
    }
  }
  for (const key of globalConditionKeyNames()) {
    const label = key.endsWith('/') ? `${key}\${TagKey}` : key;
    if (!items.has(label)) items.set(label, { label, kind: 'condition-key', detail: 'global condition key', sortText: `2${label}` });
  }
  return [...items.values()];
}

/** What to offer at `offset`: service prefixes, then a service's actions, in Action/NotAction; condition keys in Condition. */
export function completionsAt(text: string, offset: number, format: AssistFormat): Completions | undefined {
  const place = placeIn(text, offset, format);
  if (!place) return undefined;
  const typed = text.slice(place.start, Math.max(place.start, Math.min(offset, place.end)));
  const items = place.kind === 'action' ? (actionCatalogueLoaded() ? actionItems(typed) : []) : keyItems(place.statement);
  return { offset: place.start, length: place.end - place.start, items };
}

function actionHover(value: string): string | undefined {
  const colon = value.indexOf(':');
  const service = colon > 0 ? serviceInfo(value.slice(0, colon)) : undefined;
  if (!service) return undefined;
  const link = `[${service.name} in the Service Authorization Reference](${service.docs})`;
  if (hasWildcard(value)) {
    const matched = matchingActions(value, LISTED + 1, { steps: 0, max: BUDGET }) ?? [];
    const lines = matched.slice(0, LISTED).map((a) => `- \`${a}\` (${actionInfo(a)!.level})`);
    const more = matched.length > LISTED ? '\n- and more' : '';
    return `\`${value}\` matches ${matched.length ? 'these actions' : 'no action'} of ${service.name}:\n\n${lines.join('\n')}${more}\n\n${link}`;
  }
  const a = actionInfo(value);
  if (!a) return undefined;
  const resources = a.resourceTypes.map((r) => `\`${r.name}\`${r.required ? ' (required)' : ''}`).join(', ') || 'none: `"Resource": "*"`';
  const keys = a.conditionKeys.map((k) => `\`${k}\``).join(', ') || 'none';
  return `**${a.action}** (${service.name})\n\nAccess level: ${a.level}\n\nResource types: ${resources}\n\nCondition keys: ${keys}\n\n${link}`;
}

/** A key as written (lower-cased) is the catalogue's key, or one of a family the catalogue writes with a placeholder after "/" (`s3:ExistingObjectTag/<key>`). */
function keyMatches(catalogued: string, lower: string): boolean {
  const slash = catalogued.indexOf('/');
  const fixed = (slash < 0 ? catalogued : catalogued.slice(0, slash + 1)).toLowerCase();
  return slash < 0 ? lower === fixed : lower.startsWith(fixed) && lower.length > fixed.length;
}

function keyHover(key: string, statement: JsonNode): string | undefined {
  const lower = key.toLowerCase();
  const global = globalConditionKeyNames().find((k) => (k.endsWith('/') ? lower.startsWith(k.toLowerCase()) : lower === k.toLowerCase()));
  if (global) return `\`${key}\`: a global condition key\n\n[AWS global condition context keys](${GLOBAL_KEYS_DOCS})`;
  const colon = key.indexOf(':');
  const service = colon > 0 ? serviceInfo(key.slice(0, colon)) : undefined;
  const info = service?.conditionKeys.find((k) => keyMatches(k.key, lower));
  if (!service || !info) return undefined;
  const supporting = statementActions(statement).filter((a) => a.conditionKeys.includes(info.key));
  const used = supporting.length
    ? `Supported by ${supporting.map((a) => `\`${a.action}\``).join(', ')} of this statement.`
    : "None of this statement's actions lists it.";
  return `\`${info.key}\` (${info.type}): a condition key of ${service.name}\n\n${used}\n\n[${service.name} in the Service Authorization Reference](${service.docs})`;
}

/** What to say about the action or condition key at `offset`, if there is one the catalogue knows. */
export function hoverAt(text: string, offset: number, format: AssistFormat): HoverText | undefined {
  const place = placeIn(text, offset, format);
  if (!place) return undefined;
  const markdown = place.kind === 'action' ? actionHover(place.value) : keyHover(place.value, place.statement);
  return markdown ? { offset: place.start, length: place.end - place.start, markdown } : undefined;
}
