/**
 * What a template declares (users, groups, memberships, inline policies, managed policies and their
 * attachments) gathered as facts while a reader walks it, then resolved into the AccountModel that
 * the audit judges. The readers (./from-cloudformation.ts, ./from-terraform.ts) name what they
 * declare by a key of their own (a CloudFormation logical ID, a Terraform address) and what they
 * refer to by that key, by a literal name or ARN, or as a value the template computes: a computed
 * reference is never resolved to something, it stays unknown (the audit then leaves the verdict undecided).
 */
import type { AccountGroup, AccountModel, AccountUser, InlinePolicy, ManagedPolicy, PolicyText } from './model';

/** A user, a group or a managed policy as a template names it. */
export type Target = { key: string } | { name: string } | { computed: string };

/** A user or group that a template declares, and where (its resource, for findings). */
export interface DeclaredPrincipal {
  kind: 'user' | 'group';
  name: string;
  /** The resource as the template names it (a logical ID, a Terraform address). */
  resource: string;
  offset: number;
  length: number;
  /** The file that declares it, when the model was merged from several. */
  file?: string;
}

export interface TemplateRead {
  model: AccountModel;
  declared: DeclaredPrincipal[];
  notes: string[];
}

/** The account ID of ARNs that a template does not name (the stack's account is known only when deployed). */
export const TEMPLATE_ACCOUNT = '000000000000';

interface PendingUser {
  user: AccountUser;
  groups: Target[];
  attached: Target[];
  boundary?: Target;
}

interface PendingGroup {
  group: AccountGroup;
  attached: Target[];
}

/** The facts of one or more templates; `model()` resolves them. */
export class TemplateFacts {
  private readonly users = new Map<string, PendingUser>();
  private readonly groups = new Map<string, PendingGroup>();
  private readonly managed = new Map<string, ManagedPolicy>();
  private readonly memberships: Array<{ user: Target; groups: Target[] }> = [];
  private readonly inline: Array<{ users: Target[]; groups: Target[]; policy: InlinePolicy }> = [];
  private readonly attachments: Array<{ users: Target[]; groups: Target[]; policy: Target }> = [];
  readonly declared: DeclaredPrincipal[] = [];
  readonly notes: string[] = [];
  /** Set by a reader before it reads a file of several. */
  file: string | undefined;

  private at(kind: 'user' | 'group', name: string, resource: string, place: { offset: number; length: number }): void {
    const d: DeclaredPrincipal = { kind, name, resource, offset: place.offset, length: place.length };
    if (this.file !== undefined) d.file = this.file;
    this.declared.push(d);
  }

  addUser(key: string, name: string, path: string, place: { offset: number; length: number }): PendingUser {
    const user: AccountUser = { name, arn: `arn:aws:iam::${TEMPLATE_ACCOUNT}:user${path}${name}`, inline: [], groups: [], attached: [] };
    const pending: PendingUser = { user, groups: [], attached: [] };
    this.users.set(key, pending);
    this.at('user', name, key, place);
    return pending;
  }

  addGroup(key: string, name: string, place: { offset: number; length: number }): PendingGroup {
    const pending: PendingGroup = { group: { name, inline: [], attached: [] }, attached: [] };
    this.groups.set(key, pending);
    this.at('group', name, key, place);
    return pending;
  }

  /** A managed policy the template declares; its ARN is made from its name (the account is not known). */
  addManaged(key: string, name: string, document: PolicyText): string {
    const arn = `arn:aws:iam::${TEMPLATE_ACCOUNT}:policy/${name}`;
    this.managed.set(key, { arn, name, document });
    return arn;
  }

  setBoundary(userKey: string, policy: Target): void {
    const u = this.users.get(userKey);
    if (u) u.boundary = policy;
  }

  addMembership(user: Target, groups: Target[]): void {
    this.memberships.push({ user, groups });
  }

  addInline(users: Target[], groups: Target[], policy: InlinePolicy): void {
    this.inline.push({ users, groups, policy });
  }

  attach(users: Target[], groups: Target[], policy: Target): void {
    this.attachments.push({ users, groups, policy });
  }

  /** Whether a key names a declared user, group or managed policy (a reader resolves references with it). */
  declares(key: string): boolean {
    return this.users.has(key) || this.groups.has(key) || this.managed.has(key);
  }

  model(): TemplateRead {
    const r = new Resolver(this.users, this.groups, this.managed);
    for (const m of this.memberships) for (const u of r.users(m.user, 'a membership')) u.groups.push(...m.groups);
    for (const i of this.inline) {
      for (const u of i.users.flatMap((t) => r.users(t, `policy ${i.policy.name}`))) u.user.inline.push(i.policy);
      for (const g of i.groups.flatMap((t) => r.groups(t, `policy ${i.policy.name}`))) g.group.inline.push(i.policy);
    }
    for (const a of this.attachments) {
      const what = `policy ${r.policyArn(a.policy)}`;
      for (const u of a.users.flatMap((t) => r.users(t, what))) u.attached.push(a.policy);
      for (const g of a.groups.flatMap((t) => r.groups(t, what))) g.attached.push(a.policy);
    }
    const users = [...this.users.values()].map((p) => {
      p.user.groups = [...new Set(p.groups.map((g) => r.groupName(g)))];
      p.user.attached = [...new Set(p.attached.map((t) => r.policyArn(t)))];
      if (p.boundary) p.user.boundary = r.policyArn(p.boundary);
      return p.user;
    });
    const groups = [...this.groups.values()].map((p) => {
      p.group.attached = [...new Set(p.attached.map((t) => r.policyArn(t)))];
      return p.group;
    });
    const notes = [...this.notes, ...r.notes()];
    if (!users.length) notes.push(this.noUsersNote(groups));
    return { model: { users, groups, policies: [...this.managed.values()] }, declared: this.declared, notes };
  }

  private noUsersNote(groups: AccountGroup[]): string {
    const list = (names: string[]) => `${names.slice(0, 20).join(', ')}${names.length > 20 ? ', ...' : ''}`;
    return groups.length
      ? `The template declares no IAM user, only the group${groups.length > 1 ? 's' : ''} ${list(groups.map((g) => g.name))}: who is in ${groups.length > 1 ? 'them' : 'it'} is decided elsewhere.`
      : 'The template declares no IAM user and no IAM group: its policies reach no one it declares.';
  }
}

/** Resolves targets to what the template declares; counts what it names but does not declare. */
class Resolver {
  private readonly byName = new Map<string, PendingUser>();
  private readonly groupsByName = new Map<string, PendingGroup>();
  private readonly elsewhere = new Set<string>();

  constructor(
    private readonly usersByKey: ReadonlyMap<string, PendingUser>,
    private readonly groupsByKey: ReadonlyMap<string, PendingGroup>,
    private readonly managed: ReadonlyMap<string, ManagedPolicy>,
  ) {
    for (const u of usersByKey.values()) this.byName.set(u.user.name, u);
    for (const g of groupsByKey.values()) this.groupsByName.set(g.group.name, g);
  }

  users(t: Target, what: string): PendingUser[] {
    const u = 'key' in t ? this.usersByKey.get(t.key) : 'name' in t ? this.byName.get(t.name) : undefined;
    if (!u) this.elsewhere.add(`${what} names the user ${label(t)}, which the template does not declare`);
    return u ? [u] : [];
  }

  groups(t: Target, what: string): PendingGroup[] {
    const g = 'key' in t ? this.groupsByKey.get(t.key) : 'name' in t ? this.groupsByName.get(t.name) : undefined;
    if (!g) this.elsewhere.add(`${what} names the group ${label(t)}, which the template does not declare`);
    return g ? [g] : [];
  }

  /** A group's name; one the template does not declare keeps a name that says so (the audit reports it unknown). */
  groupName(t: Target): string {
    if ('key' in t) return this.groupsByKey.get(t.key)?.group.name ?? t.key;
    return 'name' in t ? t.name : `(computed: ${t.computed})`;
  }

  policyArn(t: Target): string {
    if ('key' in t) return this.managed.get(t.key)?.arn ?? t.key;
    return 'name' in t ? t.name : `(computed: ${t.computed})`;
  }

  notes(): string[] {
    const list = [...this.elsewhere];
    return list.length ? [`Not audited: ${list.slice(0, 20).join('; ')}${list.length > 20 ? '; ...' : ''}.`] : [];
  }
}

function label(t: Target): string {
  return 'key' in t ? t.key : 'name' in t ? t.name : `(computed: ${t.computed})`;
}
