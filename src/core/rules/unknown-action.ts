import { makeFix } from '../fixes/edits';
import { actionCatalogueLoaded, actionInfo, actionsNamed, matchingActions, serviceInfo, servicePrefixes } from '../mfa/action-catalogue';
import { closest } from '../schema/suggest';
import { hasWildcard } from '../wildcard';
import type { JsonNode } from '../document/tree';
import { defineRule, type RuleContext } from './rule';

/** Names compared for wildcard patterns per lint: `*:Get*` patterns by the thousand must not stall a lint. */
const MATCH_BUDGET = 2_000_000;
/** Suggestions looked for per lint (the lint lists 200 findings of a rule; the rest are only counted). */
const MAX_SUGGESTIONS = 200;

interface Verdict {
  message: string;
  /** The action the writer most likely meant. */
  meant?: string;
}

/**
 * The closest action of a service to a name that is not one of its actions (any case), if one is close;
 * else the same name in the one other service that has it (`iam:GetSessionToken` is `sts:GetSessionToken`).
 */
function closestAction(prefix: string, name: string): string | undefined {
  const s = serviceInfo(prefix)!;
  const meant = closest(name, s.actionNames);
  if (meant !== undefined) return `${s.prefix}:${meant}`;
  const elsewhere = actionsNamed(name);
  return elsewhere.length === 1 ? elsewhere[0] : undefined;
}

/** What is wrong with one action value, or undefined when it names (or matches) an action or cannot be judged. */
function judge(value: string, budget: { steps: number; max: number }, suggest: boolean): Verdict | undefined {
  const colon = value.indexOf(':');
  // "*", a name without a service, a computed or variable part: not this rule's to judge.
  if (colon <= 0 || value.includes('${') || value.includes('&{')) return undefined;
  const prefix = value.slice(0, colon);
  const name = value.slice(colon + 1);
  if (hasWildcard(value)) {
    const matched = matchingActions(value, 1, budget);
    if (!matched || matched.length) return undefined;
    const where = hasWildcard(prefix) ? 'any service' : (serviceInfo(prefix)?.name ?? undefined);
    // A pattern over a service the catalogue does not list may be one newer than it: said nothing.
    return where ? { message: `"${value}" matches no action of ${where}: as written, it grants or denies nothing.` } : undefined;
  }
  const service = serviceInfo(prefix);
  if (service) {
    if (actionInfo(value)) return undefined;
    const meant = suggest ? closestAction(prefix, name) : undefined;
    return {
      message: `"${value}" is not an action of ${service.name} (${service.prefix})${meant ? `: did you mean "${meant}"?` : '.'}`,
      meant,
    };
  }
  // An unknown prefix far from every known one may be a service newer than the catalogue: only a near miss is said.
  // Past the suggestions' cap it is not looked for (each look compares the prefix with 456 others).
  if (!suggest) return undefined;
  const near = closest(prefix, servicePrefixes());
  if (near === undefined) return undefined;
  const meant = actionInfo(`${near}:${name}`)?.action ?? closestAction(near, name);
  return {
    message: `"${value}": no AWS service has the prefix "${prefix}"${meant ? `: did you mean "${meant}"?` : `; did you mean "${near}"?`}`,
    meant,
  };
}

function checkList(
  ctx: RuleContext,
  list: JsonNode | undefined,
  policy: number,
  state: { budget: { steps: number; max: number }; suggested: number },
) {
  const nodes = list?.type === 'array' ? list.items! : list ? [list] : [];
  for (const n of nodes) {
    if (n.type !== 'string') continue;
    const verdict = judge(n.value as string, state.budget, state.suggested < MAX_SUGGESTIONS);
    if (!verdict) continue;
    state.suggested++;
    const meant = verdict.meant;
    ctx.report({
      offset: n.offset,
      length: n.length,
      policy,
      message: verdict.message,
      // What the statement allows or denies changes with the name: offered, never applied by fix-all.
      fixes: meant ? [makeFix(`Change to "${meant}"`, 'suggestion', () => ctx.writer.writeString(n, meant), true)] : [],
    });
  }
}

export const unknownAction = defineRule(
  {
    id: 'FMFA029',
    name: 'unknown-action',
    description: 'An action no AWS service defines (a misspelled name or service prefix), or a wildcard that matches no action.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    // Before a host has provided the catalogue nothing is known: never a finding that might be wrong.
    if (!actionCatalogueLoaded()) return;
    const state = { budget: { steps: 0, max: MATCH_BUDGET }, suggested: 0 };
    for (const p of ctx.policies) {
      for (const s of p.doc.statements) {
        checkList(ctx, s.actionProp?.value, p.index, state);
        checkList(ctx, s.notActionProp?.value, p.index, state);
      }
    }
  },
);
