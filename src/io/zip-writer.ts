import { deflateRawSync } from 'node:zlib';
import { crc32 } from './crc32.js';

export interface ZipInput {
  name: string;
  data: Uint8Array;
  /** Deflate this entry (torch never does; tests exercise the reader's inflate path). */
  deflate?: boolean;
  /**
   * Store these already-deflated bytes instead, declaring `size` and `crc32` for them unchecked
   * (`data` is ignored): tests build zip bombs without holding what they would inflate to.
   */
  deflated?: { bytes: Uint8Array; size: number; crc32: number };
}

/**
 * A zip archive (stored entries unless asked to deflate) of `entries`, in order. Like torch's writer, each entry's
 * data is padded to a 64-byte boundary with an extra field, so storages can be viewed in place.
 * Deterministic: fixed timestamps, no data descriptors.
 */
export function encodeZip(entries: readonly ZipInput[], align = 64): Uint8Array {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const crc = entry.deflated ? entry.deflated.crc32 : crc32(entry.data);
    const method = entry.deflate || entry.deflated ? 8 : 0;
    const stored = entry.deflated ? entry.deflated.bytes : entry.deflate ? deflateRawSync(entry.data) : entry.data;
    const size = entry.deflated ? entry.deflated.size : entry.data.length;
    const headerEnd = offset + 30 + name.length;
    // Extra field id 'FB' (0x4246) as torch uses; 4 bytes of id+length plus padding.
    const pad = (align - ((headerEnd + 4) % align)) % align;
    const extra = new Uint8Array(4 + pad);
    const ev = new DataView(extra.buffer);
    ev.setUint16(0, 0x4246, true);
    ev.setUint16(2, pad, true);
    extra.fill(0x5a, 4);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, method, true);
    lv.setUint16(10, 0, true);
    lv.setUint16(12, 0x21, true); // 1980-01-01
    lv.setUint32(14, crc, true);
    lv.setUint32(18, stored.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, extra.length, true);
    local.set(name, 30);
    chunks.push(local, extra, stored);

    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, stored.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    central.push(cd);
    offset += local.length + extra.length + stored.length;
  }
  const cdOffset = offset;
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const dv = new DataView(eocd.buffer);
  dv.setUint32(0, 0x06054b50, true);
  dv.setUint16(8, entries.length, true);
  dv.setUint16(10, entries.length, true);
  dv.setUint32(12, cdSize, true);
  dv.setUint32(16, cdOffset, true);
  return concat([...chunks, ...central, eocd]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
