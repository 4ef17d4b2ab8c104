/**
 * `force-mfa audit`: reads the account export (and the credential report), runs the core's
 * auditAccount, writes the chosen format on stdout. Exit 0 when every user is forced and none is
 * locked out, 1 otherwise, 2 on bad usage or an input that cannot be read.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import {
  CredentialReportError,
  auditAccount,
  readAuthorizationDetails,
  readCredentialReport,
  userNameOffsets,
  type CredentialReport,
} from '../core';
import type { AuditCommand } from './audit-args';
import { auditTemplates, isFolder } from './audit-templates';
import { writeAuditJson, writeAuditSarif, writeAuditStylish, type AuditRun } from './audit-format';
import { writeAuditHtml } from './audit-html';
import { ChunkedSink } from './format/stream';
import { positionsAt } from '../core/text/positions';
import { terminalSafe } from './terminal';
import type { CliIo } from './main';

class InputError extends Error {}

/** A file's text: UTF-8, or UTF-16 with its byte order mark (what Windows PowerShell's `>` writes). */
async function readText(file: string, abs: string, maxSize: number): Promise<string> {
  let bytes: Buffer;
  try {
    const s = await stat(abs);
    if (!s.isFile()) throw new InputError(`${file}: not a file`);
    if (s.size > maxSize) throw new InputError(`${file}: ${s.size} bytes, over the limit of ${maxSize} (--max-file-size)`);
    bytes = await readFile(abs);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))})`);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('utf8');
}

async function credentialsOf(cmd: AuditCommand, cwd: string): Promise<CredentialReport | undefined> {
  if (cmd.credentialReport === undefined) return undefined;
  const text = await readText(cmd.credentialReport, path.resolve(cwd, cmd.credentialReport), cmd.maxFileSize);
  try {
    return readCredentialReport(text);
  } catch (e) {
    if (e instanceof CredentialReportError) throw new InputError(`${cmd.credentialReport}: ${e.message}`);
    throw e;
  }
}

/** The inputs, read and turned into the model; the export's text is not kept (it is as large as the rest together). */
async function readInputs(cmd: AuditCommand, io: CliIo) {
  const abs = path.resolve(io.cwd, cmd.exportPath);
  const text = (await isFolder(abs)) ? undefined : await readText(cmd.exportPath, abs, cmd.maxFileSize);
  const read = text === undefined ? undefined : readAuthorizationDetails(text);
  if (text === undefined || !read || 'error' in read) {
    // A folder, or a file that is no export: CloudFormation templates and Terraform files (./audit-templates.ts).
    const templates = await auditTemplates(cmd.exportPath, abs, text, (file, at) => readText(file, at, cmd.maxFileSize));
    // A .json file that is neither is told what an export needs; a .yaml or .tf file, what a template does.
    if ('error' in templates)
      throw new InputError(
        `${cmd.exportPath}: ${read && 'error' in read && /\.json$/i.test(cmd.exportPath) ? read.error : templates.error}`,
      );
    return { ...templates, credentials: await credentialsOf(cmd, io.cwd) };
  }
  const offsets = userNameOffsets(text);
  const at = positionsAt(text, [...offsets.values()]);
  const names = [...offsets.keys()];
  const places = new Map(names.map((n, i) => [n, at[i]!]));
  return { model: read.model, notes: read.notes, places, credentials: await credentialsOf(cmd, io.cwd) };
}

/**
 * The young generation of V8 doubles each time the scavenger finds much of it alive, up to 32 MB,
 * and reading an export keeps most of what it allocates: that growth alone is 1.6 times a 20 MB
 * export. Kept from growing, the audit's peak memory stays under 3 times the export at the same CPU
 * time (docs/decisions/account-audit.md). A V8 flag read when the space would grow, so it takes
 * effect at run time; the CLI's process ends with the audit.
 */
export const KEEP_YOUNG_GENERATION = '--semi-space-growth-factor=1';

export async function auditCommand(cmd: AuditCommand, io: CliIo, version: string): Promise<number> {
  setFlagsFromString(KEEP_YOUNG_GENERATION);
  let input;
  try {
    input = await readInputs(cmd, io);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.stderr.write(`force-mfa: error: ${terminalSafe(e.message)}\n`);
    return 2;
  }
  const { model, notes, places, credentials } = input;
  const result = auditAccount(model, {
    ...(credentials ? { credentials } : {}),
    ...('source' in input ? { source: input.source } : {}),
    allowPasswordChangeWithoutMfa: cmd.allowPasswordChangeWithoutMfa,
  });
  const run: AuditRun = {
    file: cmd.exportPath,
    abs: path.resolve(io.cwd, cmd.exportPath),
    result,
    places,
    notes,
    version,
    cwd: io.cwd,
    ...(cmd.credentialReport !== undefined ? { credentialReport: cmd.credentialReport } : {}),
  };
  const out = new ChunkedSink(io.stdout);
  const write = { stylish: writeAuditStylish, json: writeAuditJson, sarif: writeAuditSarif, html: writeAuditHtml }[cmd.format];
  write(run, out);
  out.flush();
  return result.totals.failing > 0 ? 1 : 0;
}
