/**
 * `--fix` writes a fixed file atomically: the new text goes to a temporary file in the same folder
 * (the same file system, so the rename is atomic), with the file's mode, flushed to disk, then renamed
 * over the file. A reader sees the old text or the new one, never half of it; a failure leaves the
 * file as it was and removes the temporary file. A symbolic link is followed: the file it points at
 * is replaced and the link kept. The owner is kept where the process may set it (as root).
 */
import * as nodeFsPromises from 'node:fs/promises';
import path from 'node:path';
import type { FsPath } from './files';

export interface WriteFileHandle {
  writeFile(data: Uint8Array): Promise<void>;
  chmod(mode: number): Promise<void>;
  chown(uid: number, gid: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The subset of node:fs/promises that writing uses: injectable, so tests can make any step fail. */
export interface WriteFileSystem {
  realpath(p: FsPath, options: { encoding: 'buffer' }): Promise<string | Buffer>;
  stat(p: FsPath): Promise<{ mode: number; uid: number; gid: number }>;
  open(p: FsPath, flags: string, mode: number): Promise<WriteFileHandle>;
  rename(from: FsPath, to: FsPath): Promise<void>;
  unlink(p: FsPath): Promise<void>;
}

export const nodeWriteFileSystem = nodeFsPromises as unknown as WriteFileSystem;

/** A fresh name in the folder of `file` (bytes: the folder's name may not be UTF-8). */
function temporaryPath(file: Buffer): Buffer {
  let cut = file.lastIndexOf(0x2f);
  if (path.sep === '\\') cut = Math.max(cut, file.lastIndexOf(0x5c));
  const random = Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
  return Buffer.concat([file.subarray(0, cut + 1), Buffer.from(`.force-mfa-${process.pid}-${random}.tmp`)]);
}

/** Replaces the contents of `file` with `text` (UTF-8) atomically; throws the fs error when a step fails. */
export async function writeAtomically(fs: WriteFileSystem, file: FsPath, text: string): Promise<void> {
  const real = Buffer.from(await fs.realpath(file, { encoding: 'buffer' }));
  const st = await fs.stat(real);
  const mode = st.mode & 0o7777;
  const temp = temporaryPath(real);
  // 'wx': never follow or reuse something already at the temporary name.
  const handle = await fs.open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(Buffer.from(text, 'utf8'));
      // The mode given to open is narrowed by the umask: set it exactly.
      await handle.chmod(mode);
      await handle.chown(st.uid, st.gid).catch(() => undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, real);
  } catch (e) {
    await fs.unlink(temp).catch(() => undefined);
    throw e;
  }
}
