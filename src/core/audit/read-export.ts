/**
 * The output of `aws iam get-account-authorization-details` (the IAM API's
 * GetAccountAuthorizationDetails response) as an AccountModel: UserDetailList (UserPolicyList,
 * GroupList, AttachedManagedPolicies, PermissionsBoundary), GroupDetailList (GroupPolicyList,
 * AttachedManagedPolicies), RoleDetailList, and Policies (PolicyVersionList, the default version
 * marked IsDefaultVersion). Documents are JSON objects (AWS CLI) or URL-encoded JSON strings (the
 * raw API); both are kept as they are and read when judged (./policy-facts.ts).
 */
import type { AccountGroup, AccountModel, AccountUser, InlinePolicy, ManagedPolicy } from './model';

export type ReadExport = { model: AccountModel; notes: string[] } | { error: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Counts what was skipped, per kind, for one note each. */
class Skipped {
  private readonly counts = new Map<string, number>();
  add(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }
  /** Adds another's counts after this one's (kinds keep the order they were first seen in). */
  merge(other: Skipped): void {
    for (const [what, n] of other.counts) this.counts.set(what, (this.counts.get(what) ?? 0) + n);
  }
  notes(): string[] {
    return [...this.counts].map(([what, n]) => `${what}: ${n} not read (not in the documented shape).`);
  }
}

function inlinePolicies(v: unknown, skipped: Skipped): InlinePolicy[] {
  const out: InlinePolicy[] = [];
  for (const p of list(v)) {
    const name = isObj(p) ? str(p.PolicyName) : undefined;
    if (!isObj(p) || name === undefined) skipped.add('inline policy entries');
    else out.push({ name, document: p.PolicyDocument });
  }
  return out;
}

function attached(v: unknown, skipped: Skipped): string[] {
  const out: string[] = [];
  for (const p of list(v)) {
    const arn = isObj(p) ? str(p.PolicyArn) : undefined;
    if (arn === undefined) skipped.add('attached policy entries');
    else out.push(arn);
  }
  return out;
}

function readUser(u: unknown, skipped: Skipped): AccountUser | undefined {
  const name = isObj(u) ? str(u.UserName) : undefined;
  if (!isObj(u) || name === undefined) return void skipped.add('users');
  const arn = str(u.Arn) ?? `arn:aws:iam::000000000000:user${str(u.Path) ?? '/'}${name}`;
  const user: AccountUser = {
    name,
    arn,
    inline: inlinePolicies(u.UserPolicyList, skipped),
    groups: list(u.GroupList).filter((g): g is string => typeof g === 'string'),
    attached: attached(u.AttachedManagedPolicies, skipped),
  };
  const id = str(u.UserId);
  if (id !== undefined) user.id = id;
  const boundary = isObj(u.PermissionsBoundary) ? str(u.PermissionsBoundary.PermissionsBoundaryArn) : undefined;
  if (boundary !== undefined) user.boundary = boundary;
  return user;
}

function readGroup(g: unknown, skipped: Skipped): AccountGroup | undefined {
  const name = isObj(g) ? str(g.GroupName) : undefined;
  if (!isObj(g) || name === undefined) return void skipped.add('groups');
  const group: AccountGroup = {
    name,
    inline: inlinePolicies(g.GroupPolicyList, skipped),
    attached: attached(g.AttachedManagedPolicies, skipped),
  };
  const arn = str(g.Arn);
  if (arn !== undefined) group.arn = arn;
  return group;
}

/** A managed policy by its default version (IsDefaultVersion, else the version named by DefaultVersionId). */
function readPolicy(p: unknown, skipped: Skipped): ManagedPolicy | undefined {
  const arn = isObj(p) ? str(p.Arn) : undefined;
  if (!isObj(p) || arn === undefined) return void skipped.add('managed policies');
  const versions = list(p.PolicyVersionList).filter(isObj);
  const chosen = versions.find((v) => v.IsDefaultVersion === true) ?? versions.find((v) => v.VersionId === p.DefaultVersionId);
  return { arn, name: str(p.PolicyName) ?? arn, document: chosen?.Document };
}

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;
type ListKey = (typeof LISTS)[number];
const isList = (k: string): k is ListKey => (LISTS as readonly string[]).includes(k);

/** What one entry of each list becomes; the skipped counts are kept per list so the notes come out in the one-shot order. */
type Lists = {
  UserDetailList: AccountUser[];
  GroupDetailList: AccountGroup[];
  RoleDetailList: NonNullable<AccountModel['roles']>;
  Policies: ManagedPolicy[];
};

function addEntry(lists: Lists, skipped: Record<ListKey, Skipped>, key: ListKey, v: unknown): void {
  if (key === 'UserDetailList') {
    const u = readUser(v, skipped[key]);
    if (u) lists[key].push(u);
  } else if (key === 'GroupDetailList') {
    const g = readGroup(v, skipped[key]);
    if (g) lists[key].push(g);
  } else if (key === 'Policies') {
    const p = readPolicy(v, skipped[key]);
    if (p) lists[key].push(p);
  } else if (isObj(v)) lists[key].push({ name: str(v.RoleName) ?? '', arn: str(v.Arn) ?? '' });
}

/** A resumable reading of the export: `step` scans at most about `budgetChars` characters, then returns (true when finished). */
export interface ReadExportSteps {
  step(budgetChars: number): boolean;
  result(): ReadExport;
}

const WS = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const NOT_EXPORT = `not the output of aws iam get-account-authorization-details: no ${LISTS.join(', ')} at the top level`;

/** The parts of the scan: where we are in the top-level object's skeleton. */
type Mode = 'root' | 'key' | 'colon' | 'value' | 'elem' | 'afterElem' | 'afterMember' | 'tail' | 'done';

/**
 * Reads the export in pieces: a state machine (no recursion) walks the top-level object's members
 * and the entries of its four lists, and each entry (or other member value) is handed to JSON.parse
 * alone, so no single piece of work grows with the export. An entry is one piece whatever its size.
 */
class ExportReader implements ReadExportSteps {
  private pos = 0;
  private mode: Mode = 'root';
  private first = true;
  private key = '';
  private keyIsName = false;
  // The value being scanned: where it starts, its nesting depth, and whether we are inside a string.
  private vStart = -1;
  private depth = 0;
  private inStr = false;
  private esc = false;
  private error: string | undefined;
  private readonly state = new Map<ListKey, 'list' | 'not'>();
  private truncated = false;
  private readonly lists: Lists = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  private readonly skipped: Record<ListKey, Skipped> = {
    UserDetailList: new Skipped(),
    GroupDetailList: new Skipped(),
    RoleDetailList: new Skipped(),
    Policies: new Skipped(),
  };

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  step(budgetChars: number): boolean {
    const limit = Math.min(this.text.length, this.pos + Math.max(1, budgetChars));
    while (this.mode !== 'done' && this.pos < limit) this.advance(limit);
    if (this.mode !== 'done' && this.pos >= this.text.length) {
      if (this.mode !== 'tail') this.fail(`not JSON (unexpected end of the text at offset ${this.text.length})`);
      this.mode = 'done';
    }
    return this.mode === 'done';
  }

  private fail(message: string): void {
    this.error ??= message;
    this.mode = 'done';
  }

  private expected(what: string): void {
    this.fail(`not JSON (expected ${what} at offset ${this.pos})`);
  }

  /** One move of the skeleton: a piece of punctuation, or a piece of a value up to `limit`. */
  private advance(limit: number): void {
    if (this.vStart >= 0) return this.scanValue(limit);
    const c = this.text.charCodeAt(this.pos);
    if (WS(c)) return void this.pos++;
    switch (this.mode) {
      case 'root':
        return c === 0x7b ? this.next('key', true) : this.notObject();
      case 'key':
        if (c === 0x7d && this.first) return this.next('tail');
        if (c !== 0x22) return this.expected(this.first ? "a member's name or '}'" : "a member's name");
        this.keyIsName = true;
        return this.startValue();
      case 'colon':
        return c === 0x3a ? this.next('value') : this.expected("':'");
      case 'value':
        if (c === 0x5b && isList(this.key)) {
          this.state.set(this.key, 'list');
          // A list given twice counts as its last, as JSON.parse keeps the last.
          this.lists[this.key].length = 0;
          this.skipped[this.key] = new Skipped();
          return this.next('elem', true);
        }
        return this.startValue();
      case 'elem':
        return c === 0x5d && this.first ? this.next('afterMember') : this.startValue();
      case 'afterElem':
        return c === 0x2c ? this.next('elem') : c === 0x5d ? this.next('afterMember') : this.expected("',' or ']'");
      case 'afterMember':
        return c === 0x2c ? this.next('key') : c === 0x7d ? this.next('tail') : this.expected("',' or '}'");
      default:
        return this.expected('the end of the text');
    }
  }

  private next(mode: Mode, first = false): void {
    this.pos++;
    this.mode = mode;
    this.first = first;
  }

  /** A top level that is no object: the one-shot reading tells garbage from other JSON (one piece). */
  private notObject(): void {
    try {
      JSON.parse(this.text.slice(this.pos));
      this.fail(NOT_EXPORT);
    } catch (e) {
      this.fail(`not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  }

  private startValue(): void {
    this.vStart = this.pos;
    const c = this.text.charCodeAt(this.pos);
    this.depth = c === 0x7b || c === 0x5b ? 1 : 0;
    this.inStr = c === 0x22;
    this.esc = false;
    // The rest is scanned by the next moves, within the step's budget.
    this.pos++;
  }

  /** Scans the value begun at vStart up to `limit`: strings and escapes handled, nesting counted. */
  private scanValue(limit: number): void {
    const t = this.text;
    let i = this.pos;
    const primitive = this.depth === 0 && !this.inStr;
    for (; i < limit; i++) {
      const c = t.charCodeAt(i);
      if (this.inStr) {
        if (this.esc) this.esc = false;
        else if (c === 0x5c) this.esc = true;
        else if (c === 0x22) {
          this.inStr = false;
          if (this.depth === 0) return this.endValue(i + 1);
        }
      } else if (primitive) {
        if (WS(c) || c === 0x2c || c === 0x7d || c === 0x5d) return this.endValue(i);
      } else if (c === 0x22) this.inStr = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if ((c === 0x7d || c === 0x5d) && --this.depth === 0) return this.endValue(i + 1);
    }
    this.pos = i;
    if (primitive && i >= t.length) this.endValue(i);
  }

  /** The value ends at `end`: parse it alone and put it where it belongs. */
  private endValue(end: number): void {
    const start = this.vStart;
    this.vStart = -1;
    this.pos = end;
    let v: unknown;
    try {
      v = JSON.parse(this.text.slice(start, end));
    } catch (e) {
      return this.fail(`not JSON (at offset ${start}: ${e instanceof Error ? e.message : String(e)})`);
    }
    if (this.keyIsName) {
      this.keyIsName = false;
      this.key = v as string;
      this.mode = 'colon';
    } else if (this.mode === 'elem') {
      addEntry(this.lists, this.skipped, this.key as ListKey, v);
      this.mode = 'afterElem';
    } else this.member(v);
  }

  /** A member of the top level other than a list. */
  private member(v: unknown): void {
    if (isList(this.key)) this.state.set(this.key, 'not');
    if (this.key === 'IsTruncated') this.truncated = v === true;
    this.mode = 'afterMember';
  }

  result(): ReadExport {
    if (this.mode !== 'done') this.step(Infinity);
    if (this.error !== undefined) return { error: this.error };
    if (this.state.size === 0) return { error: NOT_EXPORT };
    const bad = LISTS.filter((k) => this.state.get(k) === 'not');
    if (bad.length) return { error: `${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} not a list` };
    const merged = new Skipped();
    for (const k of ['UserDetailList', 'GroupDetailList', 'Policies'] as const) merged.merge(this.skipped[k]);
    const notes = merged.notes();
    if (this.truncated)
      notes.unshift(
        'The export is truncated (IsTruncated: true): users, groups or policies on later pages are missing. Pass all pages (the AWS CLI paginates by itself).',
      );
    const l = this.lists;
    return { model: { users: l.UserDetailList, groups: l.GroupDetailList, policies: l.Policies, roles: l.RoleDetailList }, notes };
  }
}

/** The export read in pieces of about `budgetChars` characters each (the editor's main path pauses between them). */
export function readAuthorizationDetailsSteps(text: string): ReadExportSteps {
  return new ExportReader(text);
}

/** Reads the export's text; a text that is not one gets a plain error, never an exception. */
export function readAuthorizationDetails(text: string): ReadExport {
  return new ExportReader(text).result();
}

/**
 * Where each user's `"UserName": "<name>"` member stands in the export's text (the offset of the
 * name's string), for findings that point at the user: one forward scan, no regular expression
 * built from a name. A name given twice keeps its first place.
 */
export function userNameOffsets(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const key = '"UserName"';
  for (let i = text.indexOf(key); i >= 0; i = text.indexOf(key, i + key.length)) {
    let j = i + key.length;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r' || text[j] === ':')) j++;
    if (text[j] !== '"') continue;
    const end = text.indexOf('"', j + 1);
    // IAM user names hold no quote or backslash: a name with an escape is left without a place.
    if (end < 0 || text.slice(j + 1, end).includes('\\')) continue;
    const name = text.slice(j + 1, end);
    if (!out.has(name)) out.set(name, j);
  }
  return out;
}
