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

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];

/** Reads the export's text; a text that is not one gets a plain error, never an exception. */
export function readAuthorizationDetails(text: string): ReadExport {
  let root: unknown;
  try {
    root = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { error: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!isObj(root) || !LISTS.some((k) => k in root))
    return { error: `not the output of aws iam get-account-authorization-details: no ${LISTS.join(', ')} at the top level` };
  const bad = LISTS.filter((k) => k in root && !Array.isArray(root[k]));
  if (bad.length) return { error: `${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} not a list` };
  const skipped = new Skipped();
  const users = list(root.UserDetailList)
    .map((u) => readUser(u, skipped))
    .filter((u): u is AccountUser => !!u);
  const groups = list(root.GroupDetailList)
    .map((g) => readGroup(g, skipped))
    .filter((g): g is AccountGroup => !!g);
  const policies = list(root.Policies)
    .map((p) => readPolicy(p, skipped))
    .filter((p): p is ManagedPolicy => !!p);
  const roles = list(root.RoleDetailList)
    .filter(isObj)
    .map((r) => ({ name: str(r.RoleName) ?? '', arn: str(r.Arn) ?? '' }));
  const notes = skipped.notes();
  if (root.IsTruncated === true)
    notes.unshift(
      'The export is truncated (IsTruncated: true): users, groups or policies on later pages are missing. Pass all pages (the AWS CLI paginates by itself).',
    );
  return { model: { users, groups, policies, roles }, notes };
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
