import { constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { Exclusions, hasGlobChars, isMatch, mayMatchBelow, parseGlob, startState, stateKey, step, type Glob, type GlobState } from './glob';
import { GitIgnores, isIgnored, type IgnoreLevel } from './gitignore';
import { looksLikePlan } from '../core';
import { isWalkedName } from './formats';
import { displayBytes } from './terminal';

/**
 * A path as the fs calls take it. A Buffer only for a path that is not valid UTF-8 (a name from
 * another system's encoding, found by walking a folder): as a string it would name another file.
 */
export type FsPath = string | Buffer;

/** The subset of node:fs/promises the CLI uses: injectable, so tests can simulate what root cannot (EACCES). */
export interface StatLike {
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}
export interface DirentLike {
  /** A Buffer: folders are read with encoding 'buffer', so that any name can be opened. */
  name: string | Buffer;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}
export interface FileHandleLike {
  stat(): Promise<StatLike>;
  readFile(): Promise<Uint8Array>;
  /** Positioned reads (node:fs/promises): the first bytes of a file over the limit tell whether it is a plan, read up to its own. */
  read?(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}
/** The synchronous calls that read one file: no promise or thread-pool hop per file. */
export interface SyncReadFileSystem {
  openSync(path: FsPath, flags: number): number;
  fstatSync(fd: number): StatLike;
  readFileSync(fd: number): Uint8Array;
  /** Positioned reads (node:fs): a file is then read into memory that is given back as soon as it is decoded. */
  readSync?(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
}
export interface CliFileSystem {
  open(path: FsPath, flags: number): Promise<FileHandleLike>;
  stat(path: FsPath): Promise<StatLike>;
  readdir(path: FsPath, options: { withFileTypes: true; encoding: 'buffer' }): Promise<DirentLike[]>;
  realpath(path: FsPath, options: { encoding: 'buffer' }): Promise<string | Buffer>;
  /** When present, files are read with these instead of `open` (the default, node:fs); injected test file systems omit it. */
  sync?: SyncReadFileSystem;
}

export interface Candidate {
  /** The path as given, or as joined from the folder or glob base it was found under. */
  display: string;
  abs: FsPath;
  /** Named on the command line (not found by walking a folder or a glob). */
  explicit: boolean;
  /** Named, or matched by a glob (not found by walking a folder): the user asked for this file, whatever its format. */
  chosen: boolean;
  /** Its text is read from stdin (the path `-`). */
  stdin?: boolean;
}

export type Notify = (level: 'error' | 'warning', display: string, reason: string) => void;

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'symlink loop (too many levels of symbolic links)',
  ENOTDIR: 'a path segment is not a folder',
  ENAMETOOLONG: 'path too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** One line, in words, for an fs error. */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && REASONS[code]) return REASONS[code]!;
  const message = e instanceof Error ? e.message : String(e);
  return message.split(/\r?\n/)[0]!;
}

function joinDisplay(base: string, name: string): string {
  return base === '' ? name : path.join(base, name);
}

const utf8Name = new TextDecoder('utf-8', { fatal: true });

/** Bytes as a path: a string when they are UTF-8 (any usual name), else the bytes themselves. */
function fromBytes(bytes: string | Uint8Array): FsPath {
  if (typeof bytes === 'string') return bytes;
  try {
    return utf8Name.decode(bytes);
  } catch {
    return Buffer.from(bytes);
  }
}

/** A folder's path joined with the name of one of its entries (no separator in it). */
function joinPath(base: FsPath, name: FsPath): FsPath {
  if (typeof base === 'string' && typeof name === 'string') return path.join(base, name);
  const head = Buffer.from(base);
  const sep = head.length && head[head.length - 1] === path.sep.charCodeAt(0) ? [] : [Buffer.from(path.sep)];
  return Buffer.concat([head, ...sep, Buffer.from(name)]);
}

/** A path as a key of a Set: the string itself, or a form no UTF-8 path has for the bytes of another. */
function keyOf(p: FsPath): string {
  return typeof p === 'string' ? p : `\0bytes:${p.toString('latin1')}`;
}

/** The name to show, match globs against and sort by: a byte that is no UTF-8 is written `\xNN`. */
function nameOf(p: FsPath): string {
  return typeof p === 'string' ? p : displayBytes(p);
}

type How = Pick<Candidate, 'explicit' | 'chosen'>;

type Mode = ({ kind: 'folder' } | { kind: 'glob'; glob: Glob; state: GlobState }) & {
  /** The .gitignore files that apply in this folder (none with --no-gitignore). */
  levels: readonly IgnoreLevel[];
};

export interface ExpandOptions {
  /** Honour .gitignore files in folder and glob walks (default true; --no-gitignore). */
  gitignore?: boolean;
  /** `!pattern` arguments, without their `!`: what they match is left out. */
  exclude?: readonly string[];
}

/** One entry of a walked folder. */
interface Entry {
  entry: DirentLike;
  raw: FsPath;
  name: string;
}

/**
 * Turns command-line paths into the files to lint. Folders are walked for the files of every format
 * the core reads, and Terraform files (./formats: main.ts lists a walked one only when it holds, or
 * looks like it holds, a policy); globs are matched segment by segment (./glob.ts, picomatch), so
 * folders that cannot match are not entered; .gitignore files are honoured in both walks
 * (./gitignore.ts). Real paths are tracked, so a symlink loop cannot hang the walk and a file
 * reached twice is linted once.
 */
export class PathExpander {
  readonly candidates: Candidate[] = [];
  private readonly seenFiles = new Set<string>();
  private readonly walkedFolders = new Set<string>();
  private readonly gitignores?: GitIgnores;
  private readonly exclusions = new Exclusions();
  private matched = 0;
  /** Files a glob matched that a .gitignore left out: said when a glob then matches nothing. */
  private ignoredMatches = 0;

  constructor(
    private readonly fs: CliFileSystem,
    private readonly cwd: string,
    private readonly notify: Notify,
    options: ExpandOptions = {},
  ) {
    if (options.gitignore !== false) this.gitignores = new GitIgnores(fs, notify);
    for (const pattern of options.exclude ?? []) this.exclusions.add(pattern);
  }

  async expand(arg: string): Promise<void> {
    // An empty argument (an unset shell variable, quoted) would resolve to the current folder and lint it unasked.
    if (arg === '') return this.notify('error', "''", 'an empty path');
    const abs = path.resolve(this.cwd, arg);
    let st: StatLike;
    try {
      st = await this.fs.stat(abs);
    } catch (e) {
      // Not a path: a glob, when it has wildcards (an existing `a[1].json` is a path).
      if (hasGlobChars(arg)) return this.expandGlob(arg);
      this.notify('error', arg, describeFsError(e));
      return;
    }
    if (this.excluded(abs)) return;
    if (st.isDirectory()) await this.walk(abs, arg, new Set(), { kind: 'folder', levels: await this.rootLevels(abs) });
    else await this.addFile(abs, arg, { explicit: true, chosen: true });
  }

  /** `-`: stdin, named `display` (--stdin-filename, else `<stdin>`), in its place among the paths. */
  addStdin(display: string): void {
    this.candidates.push({ display, abs: path.resolve(this.cwd, display), explicit: true, chosen: true, stdin: true });
  }

  /**
   * The .gitignore files above a walk's folder, up to its repository's root. A folder they leave out
   * that was named (or is a glob's base) is walked all the same, as a named file is linted: then
   * only the .gitignore files inside it apply.
   */
  private async rootLevels(abs: string): Promise<readonly IgnoreLevel[]> {
    if (!this.gitignores) return [];
    const levels = await this.gitignores.above(abs);
    return isIgnored(levels, abs, true) ? [] : levels;
  }

  /** Left out by a `!pattern` argument? */
  private excluded(abs: FsPath): boolean {
    if (this.exclusions.size === 0) return false;
    const name = nameOf(abs);
    return this.exclusions.excludes(path.relative(this.cwd, name).split(path.sep).join('/'), name);
  }

  private async expandGlob(pattern: string): Promise<void> {
    const glob = parseGlob(pattern);
    const [before, ignoredBefore] = [this.matched, this.ignoredMatches];
    const baseAbs = path.resolve(this.cwd, glob.base || '.');
    try {
      const st = await this.fs.stat(baseAbs);
      if (st.isDirectory()) {
        const mode: Mode = { kind: 'glob', glob, state: startState(glob), levels: await this.rootLevels(baseAbs) };
        await this.walk(baseAbs, glob.base, new Set(), mode);
      }
    } catch {
      // A missing base folder is simply "no match".
    }
    if (this.matched === before) {
      const ignored = this.ignoredMatches > ignoredBefore ? ' (the files it matches are in .gitignore; --no-gitignore reads them)' : '';
      this.notify('error', pattern, `no files match this pattern${ignored}`);
    }
  }

  private async realpath(abs: FsPath): Promise<FsPath> {
    return fromBytes(await this.fs.realpath(abs, { encoding: 'buffer' }));
  }

  private async addFile(abs: FsPath, display: string, how: How): Promise<void> {
    let real = abs;
    try {
      real = await this.realpath(abs);
    } catch {
      // Reading will report the problem with this path.
    }
    this.addReal(real, abs, display, how);
  }

  /** For a plain (not symlinked) entry of a walked folder the real path is known without asking: the folder's real path joined with its name. */
  private addReal(real: FsPath, abs: FsPath, display: string, how: How): void {
    this.matched++;
    const key = keyOf(real);
    if (this.seenFiles.has(key)) return;
    this.seenFiles.add(key);
    this.candidates.push({ display, abs, ...how });
  }

  private async walk(abs: FsPath, display: string, ancestors: ReadonlySet<string>, mode: Mode): Promise<void> {
    let real: FsPath;
    try {
      real = await this.realpath(abs);
    } catch (e) {
      this.notify('error', display || '.', describeFsError(e));
      return;
    }
    const realKey = keyOf(real);
    if (ancestors.has(realKey)) {
      this.notify('warning', display, 'symlink loop back to an enclosing folder, not followed');
      return;
    }
    const key = mode.kind === 'folder' ? `${realKey}\0folder` : `${realKey}\0${stateKey(mode.state)}`;
    if (this.walkedFolders.has(key)) return;
    this.walkedFolders.add(key);

    let entries: Entry[];
    try {
      entries = (await this.fs.readdir(abs, { withFileTypes: true, encoding: 'buffer' })).map((entry) => {
        const raw = fromBytes(entry.name);
        return { entry, raw, name: nameOf(raw) };
      });
    } catch (e) {
      this.notify('error', display || '.', describeFsError(e));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const hasGitignore = entries.some((e) => e.name === '.gitignore' && !e.entry.isDirectory());
    const levels = this.gitignores ? await this.gitignores.inside(mode.levels, nameOf(abs), display, hasGitignore) : mode.levels;
    const inside = new Set(ancestors).add(realKey);
    for (const e of entries) await this.visit(e, abs, real, display, inside, { ...mode, levels });
  }

  /** One entry of a walked folder: a folder to walk, a file to lint, or neither. */
  private async visit({ entry, raw, name }: Entry, abs: FsPath, real: FsPath, display: string, inside: ReadonlySet<string>, mode: Mode) {
    const childAbs = joinPath(abs, raw);
    const childDisplay = joinDisplay(display, name);
    const next = mode.kind === 'glob' ? step(mode.glob, mode.state, name) : undefined;
    const wanted = mode.kind === 'glob' ? isMatch(mode.glob, next!) : isWalkedName(name);

    let isDir = entry.isDirectory();
    const isLink = entry.isSymbolicLink();
    if (isLink) {
      try {
        isDir = (await this.fs.stat(childAbs)).isDirectory();
      } catch (e) {
        // A broken or looping link matters only where a file was wanted.
        if (wanted) {
          this.matched++;
          this.notify('error', childDisplay, describeFsError(e));
        }
        return;
      }
    }
    if (isDir && SKIPPED_FOLDERS.has(name)) return;
    if (isIgnored(mode.levels, nameOf(childAbs), isDir)) {
      if (wanted && !isDir) this.ignoredMatches++;
      return;
    }
    if (this.excluded(childAbs)) return;
    if (isDir) {
      if (mode.kind === 'folder' || wanted) await this.walk(childAbs, childDisplay, inside, { kind: 'folder', levels: mode.levels });
      else if (next && mayMatchBelow(mode.glob, next)) await this.walk(childAbs, childDisplay, inside, { ...mode, state: next });
    } else if (wanted) {
      const how = { explicit: false, chosen: mode.kind === 'glob' };
      if (isLink) await this.addFile(childAbs, childDisplay, how);
      else this.addReal(joinPath(real, raw), childAbs, childDisplay, how);
    }
  }
}

export type ReadOutcome =
  | { kind: 'text'; text: string }
  /** Cannot be read at all: an error, exit code 2. */
  | { kind: 'unreadable'; reason: string }
  /** Read, but not JSON text (binary, UTF-16, not UTF-8): an error if named, else "not a policy". */
  | { kind: 'not-text'; reason: string }
  | { kind: 'too-large'; reason: string };

function fileType(st: StatLike): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

/**
 * The largest Terraform plan linted when --max-file-size is not given (other files: 10 MB). Plans of
 * large repositories reach tens of megabytes, and the plan scan reads one in linear time and in about
 * 3x its size (docs/decisions/terraform-plans.md): 200 MB is some 120,000 resources, in about 600 MB.
 */
export const PLAN_MAX_FILE_SIZE = 200 * 1024 * 1024;

/** Checked on the open descriptor before any read: not a regular file, or over the cap. */
function checkStat(st: StatLike, maxFileSize: number, plan = false): ReadOutcome | undefined {
  if (!st.isFile()) return { kind: 'unreadable', reason: `${fileType(st)}, not a file` };
  if (st.size > maxFileSize) return tooLarge(st.size, maxFileSize, plan);
  return undefined;
}

/** Size and limit, in bytes where rounding would show them equal (a 10,241-byte file over a 10,240 limit). */
function tooLarge(bytes: number, maxFileSize: number, plan = false): ReadOutcome {
  let [size, limit] = [formatSize(bytes), formatSize(maxFileSize)];
  if (size === limit) [size, limit] = [`${bytes.toLocaleString('en-US')} bytes`, `${maxFileSize.toLocaleString('en-US')}-byte`];
  return { kind: 'too-large', reason: `${size}, over the ${limit} limit for ${plan ? 'a Terraform plan' : 'a policy file'}` };
}

const FORMAT_VERSION = Buffer.from('"format_version"');

/**
 * Whether bytes begin as `terraform show -json` writes a plan: an object whose first member is
 * format_version (a BOM and whitespace allowed before each). The text then decides (looksLikePlan).
 */
export function startsLikePlan(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const space = (): void => {
    while (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09) i++;
  };
  space();
  if (bytes[i++] !== 0x7b) return false;
  space();
  return FORMAT_VERSION.every((b, k) => bytes[i + k] === b);
}

/**
 * A file's bytes (or stdin's) as UTF-8 text, or why they are not linted. Past `maxFileSize`, a
 * Terraform plan (by its content: looksLikePlan) is read up to `planMaxFileSize`.
 */
export function decode(bytes: Uint8Array, maxFileSize: number, planMaxFileSize = maxFileSize): ReadOutcome {
  const plan = bytes.length > maxFileSize && planMaxFileSize > maxFileSize && startsLikePlan(bytes);
  const limit = plan ? planMaxFileSize : maxFileSize;
  if (bytes.length > limit) return tooLarge(bytes.length, limit, plan);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { kind: 'not-text', reason: 'UTF-16 text; IAM policies are UTF-8: save the file as UTF-8' };
  }
  if (bytes.indexOf(0) !== -1) return { kind: 'not-text', reason: 'binary file (contains NUL bytes), not JSON text' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { kind: 'not-text', reason: 'not UTF-8 text; save the file as UTF-8' };
  }
  // Its first bytes let a plan be read; only the whole text (planned_values, resource_changes) makes it one.
  if (plan && !looksLikePlan(text)) return tooLarge(bytes.length, maxFileSize);
  return { kind: 'text', text };
}

/** What the read uses of ES2024's resizable ArrayBuffer (in Node 20; TypeScript's ES2022 library does not declare it). */
interface ResizableBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}
const ResizableBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableBuffer;

/** The open file's bytes, and a way to give their memory back (see readAll). */
interface FileBytes {
  bytes: Uint8Array;
  release(): void;
}

/**
 * The open file's bytes, to its end or to one byte past `limit` (which tells that it is over). They
 * stand in a resizable ArrayBuffer that `release` shrinks to nothing once they are decoded, which
 * gives the pages back at once: a Buffer's memory waits for the collector, and the 50 MB plan's bytes
 * were measured still held while its string was linted (a peak of 3.2x its size, now 2.8x: the bytes
 * and the string are both alive only while it is decoded). The file may have grown since fstat.
 */
function readAll(fs: SyncReadFileSystem, fd: number, size: number, limit: number): FileBytes {
  if (!fs.readSync) return { bytes: fs.readFileSync(fd), release: () => undefined };
  const buffer = new ResizableBuffer(Math.min(size, limit) + 1, { maxByteLength: limit + 1 });
  // Without a length, the view follows the buffer's.
  const view = new Uint8Array(buffer);
  let length = 0;
  for (;;) {
    if (length === buffer.byteLength) {
      if (length > limit) break;
      buffer.resize(Math.min(limit + 1, Math.max(2 * length, 1 << 16)));
    }
    const n = fs.readSync(fd, view, length, buffer.byteLength - length, length);
    if (n === 0) break;
    length += n;
  }
  return { bytes: view.subarray(0, length), release: () => buffer.resize(0) };
}

const HEAD_BYTES = 512;

/** Whether a file is over the limit of other files while plans have a larger one: its first bytes then tell. */
const overFileLimit = (st: StatLike, maxFileSize: number, planMaxFileSize: number): boolean =>
  st.isFile() && st.size > maxFileSize && planMaxFileSize > maxFileSize;

/**
 * Whether the open file, over the limit of other files, may be a plan read up to its own: its first
 * bytes say so. Without positioned reads (a test's file system) it is not read: no file past the limit is.
 */
function mayBePlan(fs: SyncReadFileSystem, fd: number, st: StatLike, maxFileSize: number, planMaxFileSize: number): boolean {
  if (!fs.readSync || !overFileLimit(st, maxFileSize, planMaxFileSize)) return false;
  const head = new Uint8Array(HEAD_BYTES);
  return startsLikePlan(head.subarray(0, fs.readSync(fd, head, 0, HEAD_BYTES, 0)));
}

/** The open file's text, or why it is not linted. */
function readOpen(fs: SyncReadFileSystem, fd: number, maxFileSize: number, planMaxFileSize: number): ReadOutcome {
  const st = fs.fstatSync(fd);
  const plan = mayBePlan(fs, fd, st, maxFileSize, planMaxFileSize);
  const limit = plan ? planMaxFileSize : maxFileSize;
  const refused = checkStat(st, limit, plan);
  if (refused) return refused;
  const read = readAll(fs, fd, st.size, limit);
  try {
    return decode(read.bytes, maxFileSize, limit);
  } finally {
    read.release();
  }
}

/**
 * Reads one file as UTF-8 text without ever blocking or exhausting memory: opened non-blocking
 * (a FIFO opens at once instead of waiting for a writer), its type and size checked on the open
 * descriptor before any read, so the check and the read see the same file. Synchronous: a file is
 * read in one go, with no per-file promise or thread-pool hop.
 */
export function readCandidateSync(fs: SyncReadFileSystem, abs: FsPath, maxFileSize: number, planMaxFileSize = maxFileSize): ReadOutcome {
  let fd: number;
  try {
    fd = fs.openSync(abs, OPEN_FLAGS);
  } catch (e) {
    return { kind: 'unreadable', reason: describeFsError(e) };
  }
  try {
    return readOpen(fs, fd, maxFileSize, planMaxFileSize);
  } catch (e) {
    return { kind: 'unreadable', reason: describeFsError(e) };
  } finally {
    try {
      fs.closeSync(fd);
    } catch {
      // Nothing was lost: the file was only read.
    }
  }
}

/** The same read through the injectable asynchronous `open` (the seam tests use to inject errors). */
export async function readCandidate(
  fs: CliFileSystem,
  abs: FsPath,
  maxFileSize: number,
  planMaxFileSize = maxFileSize,
): Promise<ReadOutcome> {
  let handle: FileHandleLike;
  try {
    handle = await fs.open(abs, OPEN_FLAGS);
  } catch (e) {
    return { kind: 'unreadable', reason: describeFsError(e) };
  }
  try {
    const st = await handle.stat();
    let plan = false;
    if (handle.read && overFileLimit(st, maxFileSize, planMaxFileSize)) {
      const head = new Uint8Array(HEAD_BYTES);
      plan = startsLikePlan(head.subarray(0, (await handle.read(head, 0, HEAD_BYTES, 0)).bytesRead));
    }
    const limit = plan ? planMaxFileSize : maxFileSize;
    return checkStat(st, limit, plan) ?? decode(await handle.readFile(), maxFileSize, limit);
  } catch (e) {
    return { kind: 'unreadable', reason: describeFsError(e) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
