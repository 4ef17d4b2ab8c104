/** `force-mfa lint -`: the text of stdin, read as a file is (the same size limit, the same checks of its bytes). */
import { decode, describeFsError, type ReadOutcome } from './files';

export type StdinSource = () => AsyncIterable<Uint8Array | string>;

/**
 * Reads stdin up to the size limit: reading stops at the first chunk past it (a stream without end,
 * `yes |`, cannot exhaust memory), and the text is then reported too large.
 */
export async function readStdin(source: StdinSource | undefined, maxFileSize: number): Promise<ReadOutcome> {
  if (!source) return { kind: 'unreadable', reason: 'no stdin to read' };
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of source()) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      size += bytes.length;
      if (size > maxFileSize) break;
    }
  } catch (e) {
    return { kind: 'unreadable', reason: describeFsError(e) };
  }
  return decode(Buffer.concat(chunks), maxFileSize);
}
