// Reads a zip's directory and unpacks its entries without trusting anything the zip declares about sizes.
import { Inflate, strFromU8 } from 'fflate';

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  /** Where the entry's compressed data starts and ends in the upload. */
  start: number;
  end: number;
  /** Where its local header starts: entries must not share bytes. */
  headerAt: number;
}

/** Thrown while reading a zip's directory: the message is shown as a file problem. */
export class ZipProblem extends Error {}

/**
 * Lists a zip's entries from its central directory, checking that each lies inside the upload and that no
 * two share bytes. A zip bomb lets many entries point at one huge compressed stream, or declares sizes it
 * does not have; nothing here trusts a declared uncompressed size.
 */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const unreadable = 'The zip file could not be opened. Check it is a complete .zip.';
  // The end-of-directory record is within the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let at = bytes.byteLength - 22; at >= Math.max(0, bytes.byteLength - 22 - 0xffff); at--) {
    if (u32(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipProblem(unreadable);
  const count = u16(eocd + 10);
  const directoryAt = u32(eocd + 16);
  if (count === 0xffff || directoryAt === 0xffffffff)
    throw new ZipProblem('The zip is in the ZIP64 format, which is only needed for very large files; split it up.');
  const entries: ZipEntry[] = [];
  let at = directoryAt;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.byteLength || u32(at) !== 0x02014b50) throw new ZipProblem(unreadable);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const compressedSize = u32(at + 20);
    const nameLength = u16(at + 28);
    const headerAt = u32(at + 42);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise it is read byte for byte, as fflate does.
    const name = strFromU8(nameBytes, !(flags & 0x800));
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (headerAt + 30 > directoryAt || u32(headerAt) !== 0x04034b50) throw new ZipProblem(unreadable);
    const start = headerAt + 30 + u16(headerAt + 26) + u16(headerAt + 28);
    const end = start + compressedSize;
    if (end > directoryAt) throw new ZipProblem(unreadable);
    entries.push({ name, method, encrypted: (flags & 1) === 1, start, end, headerAt });
  }
  const compressed = entries.reduce((sum, e) => sum + (e.end - e.start), 0);
  const inOrder = [...entries].sort((a, b) => a.headerAt - b.headerAt);
  const overlap = inOrder.some((e, i) => i > 0 && e.headerAt < (inOrder[i - 1] as ZipEntry).end);
  if (overlap || compressed > bytes.byteLength)
    throw new ZipProblem('The zip’s files overlap one another, which no ordinary zip tool makes; it was not opened.');
  return entries;
}

/** Compressed bytes given to the inflater at a time: one push can unpack to at most about 1,000 times this. */
const inflateChunk = 4096;

/**
 * Unpacks one entry, counting what comes out and stopping as soon as it passes `limit` bytes: the work done
 * is bounded by the limit, whatever the entry claims. Undefined when it is larger than the limit.
 */
export function unpack(bytes: Uint8Array, entry: ZipEntry, limit: number): Uint8Array | undefined {
  const data = bytes.subarray(entry.start, entry.end);
  if (entry.method === 0) return data.byteLength > limit ? undefined : data;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.byteLength;
    if (size <= limit) chunks.push(chunk);
  });
  for (let at = 0; at < data.byteLength && size <= limit; at += inflateChunk) {
    inflater.push(data.subarray(at, at + inflateChunk), at + inflateChunk >= data.byteLength);
  }
  if (size > limit) return undefined;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
