import { inflateRawSync } from 'node:zlib';
import { ClockpizzaError } from '../errors.js';
import { crc32 } from './crc32.js';

/**
 * A minimal zip reader: enough for torch `.pt` archives (stored entries, occasionally deflate).
 * Everything comes from the central directory (torch writes zeros for sizes in local headers and
 * uses data descriptors); every offset and size is checked against the file length before use,
 * and every entry's CRC-32 is verified on read. Zip64, encryption and multi-disk archives are
 * refused by name.
 */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
}

export interface ZipArchive {
  file: string;
  /** Entry names in central-directory order. */
  names: string[];
  entries: Map<string, ZipEntry>;
  /** The entry's uncompressed bytes (a view into the archive for stored entries). */
  read(name: string): Uint8Array;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function openZip(bytes: Uint8Array, file: string): ZipArchive {
  const fail = (message: string, entry?: string): never => {
    throw new ClockpizzaError(message, { file, field: entry === undefined ? undefined : `zip entry '${entry}'` });
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) fail('not a zip archive (no end-of-central-directory record; truncated or not a .pt file)');

  const disk = view.getUint16(eocd + 4, true);
  const cdDisk = view.getUint16(eocd + 6, true);
  const entriesOnDisk = view.getUint16(eocd + 8, true);
  const entryCount = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  // torch always writes a zip64 end record too; it only matters when the classic record defers
  // to it with 0xFFFF… sentinels, which happens for archives over 4 GB or 65,535 entries.
  if (entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const hasLocator = eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR_SIG;
    fail(`zip64 archives are not supported (${hasLocator ? 'the archive is over 4 GB or has over 65,535 entries' : 'zip64 sentinels without a zip64 locator'})`);
  }
  if (disk !== 0 || cdDisk !== 0 || entriesOnDisk !== entryCount) fail('multi-disk zip archives are not supported');
  if (cdOffset + cdSize > eocd) {
    fail(`central directory (offset ${cdOffset}, size ${cdSize}) runs past the end-of-directory record at ${eocd}`);
  }

  const entries = new Map<string, ZipEntry>();
  const names: string[] = [];
  let pos = cdOffset;
  for (let i = 0; i < entryCount; i++) {
    if (pos + CENTRAL_SIZE > cdOffset + cdSize) fail(`central directory entry ${i} runs past the directory`);
    if (view.getUint32(pos, true) !== CENTRAL_SIG) fail(`central directory entry ${i} has a bad signature at offset ${pos}`);
    const flags = view.getUint16(pos + 8, true);
    const method = view.getUint16(pos + 10, true);
    const crc = view.getUint32(pos + 16, true);
    const compressedSize = view.getUint32(pos + 20, true);
    const size = view.getUint32(pos + 24, true);
    const nameLength = view.getUint16(pos + 28, true);
    const extraLength = view.getUint16(pos + 30, true);
    const commentLength = view.getUint16(pos + 32, true);
    const localHeaderOffset = view.getUint32(pos + 42, true);
    const next = pos + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (next > cdOffset + cdSize) fail(`central directory entry ${i} runs past the directory`);
    let name: string;
    try {
      name = utf8.decode(bytes.subarray(pos + CENTRAL_SIZE, pos + CENTRAL_SIZE + nameLength));
    } catch {
      return fail(`central directory entry ${i} has a name that is not valid UTF-8`);
    }
    if (flags & 1) fail('encrypted entries are not supported', name);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localHeaderOffset === 0xffffffff) {
      fail('zip64 entries are not supported', name);
    }
    if (method !== 0 && method !== 8) fail(`compression method ${method} is not supported (only stored and deflate)`, name);
    if (method === 0 && compressedSize !== size) fail(`stored entry has compressed size ${compressedSize} ≠ size ${size}`, name);
    if (localHeaderOffset + LOCAL_SIZE > cdOffset) fail(`local header offset ${localHeaderOffset} is past the data area`, name);
    if (entries.has(name)) fail('duplicate entry name', name);
    entries.set(name, { name, method, compressedSize, size, crc32: crc, localHeaderOffset });
    names.push(name);
    pos = next;
  }

  const read = (name: string): Uint8Array => {
    const entry = entries.get(name);
    if (entry === undefined) return fail('entry is missing from the archive', name);
    const at = entry.localHeaderOffset;
    if (view.getUint32(at, true) !== LOCAL_SIG) fail(`bad local header signature at offset ${at}`, name);
    const start = at + LOCAL_SIZE + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > cdOffset) fail(`data (offset ${start}, ${entry.compressedSize} bytes) runs past the data area ending at ${cdOffset}`, name);
    const raw = bytes.subarray(start, end);
    let data: Uint8Array;
    if (entry.method === 0) {
      data = raw;
    } else {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
      } catch (error) {
        return fail(`cannot inflate: ${(error as Error).message}`, name);
      }
      if (data.length !== entry.size) fail(`inflated to ${data.length} bytes, the directory says ${entry.size}`, name);
    }
    if (crc32(data) !== entry.crc32) fail('CRC-32 mismatch (the archive is corrupt)', name);
    return data;
  };

  return { file, names, entries, read };
}

/** Offset of the end-of-central-directory record whose comment ends exactly at the file end, or -1. */
function findEndOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - EOCD_SIZE;
  const first = Math.max(0, last - MAX_COMMENT);
  for (let pos = last; pos >= first; pos--) {
    if (view.getUint32(pos, true) === EOCD_SIG && pos + EOCD_SIZE + view.getUint16(pos + 20, true) === view.byteLength) {
      return pos;
    }
  }
  return -1;
}
