/**
 * What the rules need of AWS's catalogue of actions and condition keys (generated from the Service
 * Authorization Reference data, see scripts/gen-iam-catalogue.mjs): every IAM and STS action, to
 * judge an exemption pattern by all that it matches and to know a misspelled name from a real
 * one; and the global condition keys, to know a key that no request carries. Decoded on first use.
 *
 * Without the catalogue (the extension before it has loaded it) every answer is the cautious one:
 * a wildcard may reach anything, no name is known to be misspelled.
 */
import { hasWildcard, wildcardMatch } from '../wildcard';
import { EMBEDDED_CATALOGUE } from './iam-catalogue-data';

/** The generated data (src/core/mfa/iam-catalogue.generated.json). */
export interface CatalogueData {
  source: string;
  words: string;
  /** Per service, its encoded action names. */
  actions: Record<string, string>;
  globalKeys: string;
}

let data: CatalogueData | undefined = EMBEDDED_CATALOGUE;
let generation = 0;
let services: string[] = [];
let actions: string[] | undefined;
let lowerSet: Set<string> | undefined;
let maxLength: number | undefined;
let globalKeys: { exact: Set<string>; prefixes: string[] } | undefined;

/** Hands the catalogue to the core (the extension, once it has read it). Ignores malformed data. */
export function provideCatalogue(d: unknown): boolean {
  const c = d as CatalogueData;
  const ok =
    !!c &&
    typeof c === 'object' &&
    typeof c.words === 'string' &&
    typeof c.globalKeys === 'string' &&
    !!c.actions &&
    typeof c.actions === 'object' &&
    Object.values(c.actions).every((v) => typeof v === 'string');
  if (ok) {
    data = c;
    actions = lowerSet = maxLength = globalKeys = undefined;
    generation++;
  }
  return ok;
}

/** Changes whenever the catalogue does: caches of answers derived from it compare this. */
export function catalogueGeneration(): number {
  return generation;
}

function alphabet(): string {
  let s = '';
  for (let c = 0x21; c < 0x7e; c++) if (c !== 0x27 && c !== 0x2c && c !== 0x5c) s += String.fromCharCode(c);
  return s;
}

function decode(): string[] {
  if (!data) return [];
  const words = data.words.split(',');
  const abc = alphabet();
  const out: string[] = [];
  services = Object.keys(data.actions);
  for (const [service, encoded] of Object.entries(data.actions)) {
    for (const codes of encoded.split(',')) {
      let name = '';
      for (let i = 0; i < codes.length; i++) {
        const far = codes[i] === '~';
        if (far) i++;
        name += words[abc.indexOf(codes[i]!) + (far ? abc.length : 0)];
      }
      out.push(`${service}:${name}`);
    }
  }
  return out;
}

/** Every catalogued action, as `service:Name`. */
export function catalogueActions(): readonly string[] {
  return (actions ??= decode());
}

/** Is this exact name (no wildcard) a catalogued action? undefined when its service is not catalogued. */
export function isCataloguedAction(name: string): boolean | undefined {
  const lower = name.toLowerCase();
  const colon = lower.indexOf(':');
  lowerSet ??= new Set(catalogueActions().map((a) => a.toLowerCase()));
  if (colon < 0 || !services.includes(lower.slice(0, colon))) return undefined;
  return lowerSet.has(lower);
}

export interface PatternReach {
  /** The catalogued actions the pattern matches. */
  actions: string[];
  /** It may also match actions of services that are not catalogued here. */
  otherServices: boolean;
}

/**
 * Every action an action pattern can match. A pattern whose service part is not literally one of
 * the catalogued services (`*`, `i?m:`, `*MFA*`) may reach any other service.
 */
export function patternReach(pattern: string): PatternReach {
  // Runs of stars mean one star; a pattern with more fixed characters than any action has matches none.
  const lower = pattern.toLowerCase().replace(/\*+/g, '*');
  let fixed = 0;
  for (let i = 0; i < lower.length; i++) if (lower[i] !== '*') fixed++;
  maxLength ??= catalogueActions().reduce((m, a) => Math.max(m, a.length), 0);
  const matched = fixed > maxLength ? [] : catalogueActions().filter((a) => wildcardMatch(lower, a, true));
  const wild = hasWildcard(lower) ? Math.min(...['*', '?'].map((c) => (lower.indexOf(c) < 0 ? Infinity : lower.indexOf(c)))) : Infinity;
  const colon = lower.indexOf(':');
  const literalService = colon >= 0 && colon < wild && services.includes(lower.slice(0, colon));
  return { actions: matched, otherServices: (!literalService && hasWildcard(lower)) || !data };
}

/** The global condition keys (aws:...), as AWS spells them; one ending in "/" stands for any key with that prefix. */
export function globalConditionKeyNames(): readonly string[] {
  return data?.globalKeys ? data.globalKeys.split(',') : [];
}

/**
 * Is this a global condition key (aws:...) that no request carries: a misspelling such as
 * "aws:MultiFactorAuthPresent " or "aws:MultiFactorAuthPresnt"? Keys of services are not judged.
 */
export function isUnknownGlobalKey(key: string): boolean {
  const lower = key.toLowerCase();
  if (!lower.startsWith('aws:') || !data) return /\s/.test(key);
  if (!globalKeys) {
    const all = data.globalKeys.split(',').map((k) => k.toLowerCase());
    globalKeys = { exact: new Set(all.filter((k) => !k.endsWith('/'))), prefixes: all.filter((k) => k.endsWith('/')) };
  }
  if (globalKeys.exact.has(lower)) return false;
  return !globalKeys.prefixes.some((p) => lower.startsWith(p) && lower.length > p.length && !/\s/.test(lower));
}
