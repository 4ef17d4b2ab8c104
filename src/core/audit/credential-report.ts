/**
 * The IAM credential report (`aws iam generate-credential-report`, then `get-credential-report`,
 * its Content base64-decoded): a CSV with a header row (user, arn, user_creation_time,
 * password_enabled, ..., mfa_active, access_key_1_active, ..., access_key_2_active, ...), values
 * "true", "false", "N/A", "not_supported", "no_information". The <root_account> row is the root user.
 */
import type { CredentialFacts, UserAudit } from './model';

export interface CredentialReport {
  users: Map<string, CredentialFacts>;
  /** What the report says about the root user, and rows it could not read. */
  notes: string[];
}

export class CredentialReportError extends Error {}

/** CSV rows (RFC 4180: quoted fields, doubled quotes, CRLF or LF), in one forward pass. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

const flag = (v: string | undefined): boolean | undefined => (v === 'true' ? true : v === 'false' ? false : undefined);

/** Reads the report; throws CredentialReportError with a plain message when it is not one. */
export function readCredentialReport(text: string): CredentialReport {
  const rows = csvRows(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const header = rows[0]?.map((h) => h.trim());
  const col = (name: string) => header?.indexOf(name) ?? -1;
  const needed = ['user', 'password_enabled', 'mfa_active', 'access_key_1_active', 'access_key_2_active'];
  const missing = needed.filter((n) => col(n) < 0);
  if (!header || missing.length)
    throw new CredentialReportError(
      `not an IAM credential report: the header row lacks ${missing.join(', ')} (expected the CSV of aws iam get-credential-report, base64-decoded)`,
    );
  const [u, pw, mfa, k1, k2] = needed.map(col) as [number, number, number, number, number];
  const users = new Map<string, CredentialFacts>();
  const notes: string[] = [];
  let short = 0;
  for (const r of rows.slice(1)) {
    if (r.length < header.length) {
      short++;
      continue;
    }
    const facts: CredentialFacts = {
      passwordEnabled: flag(r[pw]),
      mfaActive: flag(r[mfa]),
      activeAccessKeys: (r[k1] === 'true' ? 1 : 0) + (r[k2] === 'true' ? 1 : 0),
    };
    if (r[u] === '<root_account>') notes.push(rootNote(facts));
    else users.set(r[u]!, facts);
  }
  if (short)
    notes.push(
      `${short} row${short > 1 ? 's' : ''} of the credential report had fewer fields than its header and ${short > 1 ? 'were' : 'was'} not read.`,
    );
  return { users, notes };
}

function rootNote(f: CredentialFacts): string {
  const keys = f.activeAccessKeys
    ? `, and ${f.activeAccessKeys} active access key${f.activeAccessKeys > 1 ? 's' : ''} (AWS: delete them)`
    : '';
  return `Root user: ${f.mfaActive === false ? 'no MFA device active' : f.mfaActive ? 'MFA device active' : 'MFA not reported'}${keys}.`;
}

/** The user's risk in plain words: what they can sign in with, whether a device is active, whether MFA is forced. */
export function riskOf(a: UserAudit): string {
  const forced = a.mfa === 'enforced' ? 'forced' : a.mfa === 'weak' ? 'not fully forced' : 'not forced';
  const parts: string[] = [];
  const c = a.credentials;
  if (c) {
    const holds: string[] = [];
    if (c.passwordEnabled) holds.push('console password');
    if (c.activeAccessKeys) holds.push(`${c.activeAccessKeys} active access key${c.activeAccessKeys > 1 ? 's' : ''}`);
    parts.push(holds.length ? holds.join(', ') : 'no console password, no active access key');
    parts.push(c.mfaActive ? 'MFA device active' : c.mfaActive === false ? 'no MFA device' : 'MFA device not reported');
  }
  parts.push(a.decided ? forced : `${forced} (not decided)`);
  if (a.lockout.length) parts.push('locked out of enrolment');
  else if (!a.canEnrol) parts.push('cannot enrol a device');
  return parts.join(', ');
}
