/**
 * `force-mfa audit <auth-details.json> [--credential-report report.csv] [--format ...]`: its own
 * arguments, read with node:util's parseArgs (strict). args.ts hands every command line whose
 * command is `audit` here.
 */
import { parseArgs } from 'node:util';
import { UsageError, parseSize } from './args';

export const AUDIT_FORMATS = ['stylish', 'json', 'sarif', 'html'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export interface AuditCommand {
  kind: 'audit';
  /** The output of `aws iam get-account-authorization-details`. */
  exportPath: string;
  /** The credential report CSV (`aws iam get-credential-report`, its Content base64-decoded). */
  credentialReport?: string;
  format: AuditFormat;
  allowPasswordChangeWithoutMfa: boolean;
  /** Bytes: a larger export is not read (exit 2). */
  maxFileSize: number;
}

/** Real exports of large accounts reach tens of megabytes. */
export const DEFAULT_AUDIT_MAX_FILE_SIZE = 200 * 1024 * 1024;

export const AUDIT_HELP = `Usage: force-mfa audit <auth-details.json> [--credential-report report.csv] [options]
       force-mfa audit <template.yaml | main.tf | folder> [options]

Audits every IAM user of an account export: which users are forced to use MFA (every request
without MFA denied, with access keys and in sessions without MFA), which can enrol a device,
which are locked out. Offline, from the files AWS gives administrators:

  aws iam get-account-authorization-details > auth-details.json
  aws iam generate-credential-report
  aws iam get-credential-report --query Content --output text | base64 -d > report.csv

Options:
  --credential-report <file>           the credential report CSV: who has a console password,
                                       active access keys, an active MFA device
  --format stylish|json|sarif|html     output format (default: stylish); html is one
                                       self-contained page (no network)
  --allow-password-change-without-mfa  accept iam:ChangePassword without MFA (not recommended)
  --max-file-size <n>[KB|MB]           largest export read (default: 200MB)
  -h, --help                           show this help

Exit codes: 0 every user forced and able to enrol; 1 some user not forced (weak, not forced,
or not decided because a policy is missing from the export) or locked out; 2 bad usage or an
input that cannot be read.
`;

const OPTIONS = {
  'credential-report': { type: 'string' },
  format: { type: 'string' },
  'allow-password-change-without-mfa': { type: 'boolean' },
  'max-file-size': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The arguments after the program name, `audit` among them; `{ kind: 'help' }` for --help. */
export function parseAuditArgs(argv: readonly string[]): AuditCommand | { kind: 'audit-help' } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${(e instanceof Error ? e.message : String(e)).split('\n')[0]} (see force-mfa audit --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'audit-help' };
  const paths = positionals.slice(positionals.indexOf('audit') + 1);
  if (paths.length !== 1)
    throw new UsageError(
      paths.length ? `audit reads one export (got ${paths.length} paths)` : 'audit needs the export: force-mfa audit <auth-details.json>',
    );
  const format = values.format ?? 'stylish';
  if (!(AUDIT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${AUDIT_FORMATS.join(', ')} (got '${format}')`);
  for (const [name, v] of [['--credential-report', values['credential-report']]] as const)
    if (v !== undefined && (v.trim() === '' || v.startsWith('-'))) throw new UsageError(`${name} needs a file name (got '${v}')`);
  const cmd: AuditCommand = {
    kind: 'audit',
    exportPath: paths[0]!,
    format: format as AuditFormat,
    allowPasswordChangeWithoutMfa: values['allow-password-change-without-mfa'] === true,
    maxFileSize: values['max-file-size'] === undefined ? DEFAULT_AUDIT_MAX_FILE_SIZE : parseSize(values['max-file-size']),
  };
  if (values['credential-report'] !== undefined) cmd.credentialReport = values['credential-report'];
  return cmd;
}
