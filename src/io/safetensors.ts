import { ClockpizzaError } from '../errors.js';
import { topLevelKeys } from './json-duplicates.js';
import { parseJsonObject } from './json-file.js';
import { writeFileAtomic } from './atomic-write.js';
import { allocate, DTYPE_BYTES, isDType, tensorBytes } from './dtype.js';
import { readInputFile } from './read-input.js';
import { type TensorMap, numel } from './tensor.js';
import { concat } from './zip-writer.js';

/** The format's own limit on the JSON header. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsContents {
  tensors: TensorMap;
  metadata: Record<string, string>;
}

export function readSafetensors(path: string): SafetensorsContents {
  return parseSafetensors(readInputFile(path), path);
}

/**
 * Parses and validates a safetensors file: 8-byte little-endian header length (≤ 100 MB and
 * within the file, checked before anything is allocated), a UTF-8 JSON object without duplicate
 * keys, known dtypes, non-negative integer shapes, and data_offsets that tile the data area
 * exactly from 0 (sorted by offset, no gaps or overlaps, each numel × dtype size bytes).
 * Tensors come back in header order, each a fresh copy.
 */
export function parseSafetensors(bytes: Uint8Array, file: string): SafetensorsContents {
  const fail = (message: string, field?: string): never => {
    throw new ClockpizzaError(message, { file, field });
  };
  if (bytes.length < 8) fail(`too short for a safetensors file (${bytes.length} bytes; the header length alone takes 8)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) fail(`declared header of ${declared} bytes exceeds the 100 MB limit`, 'header');
  const headerLength = Number(declared);
  if (headerLength > bytes.length - 8) fail(`declared header of ${headerLength} bytes runs past the end of the file (${bytes.length} bytes)`, 'header');
  const { value: header, text } = parseJsonObject(bytes.subarray(8, 8 + headerLength), file, 'header');

  // Null-prototype records: a key named __proto__ must stay an ordinary key.
  const metadata = Object.create(null) as Record<string, string>;
  const specs: { name: string; dtype: keyof typeof DTYPE_BYTES; shape: number[]; begin: number; end: number }[] = [];
  // In the header's own order (Object.entries would put names like "0" first).
  for (const name of topLevelKeys(text)) {
    const raw = header[name];
    if (name === '__metadata__') {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('must be an object of strings', '__metadata__');
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`value of '${k}' must be a string, got ${JSON.stringify(v)}`, '__metadata__');
        metadata[k] = v as string;
      }
      continue;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('must be an object {dtype, shape, data_offsets}', name);
    const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
    if (!isDType(dtype)) fail(`unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(DTYPE_BYTES).join(' ')})`, name);
    if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && (s as number) >= 0)) {
      fail(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`, name);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
      fail(`data_offsets must be [begin, end] non-negative integers, got ${JSON.stringify(offsets)}`, name);
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin) fail(`data_offsets [${begin}, ${end}] end before they begin`, name);
    const count = numel(shape as number[]);
    const want = count * DTYPE_BYTES[dtype as keyof typeof DTYPE_BYTES];
    if (!Number.isSafeInteger(want) || end - begin !== want) {
      fail(`data_offsets [${begin}, ${end}] span ${end - begin} bytes, but shape [${shape as number[]}] of ${dtype as string} needs ${want}`, name);
    }
    specs.push({ name, dtype: dtype as keyof typeof DTYPE_BYTES, shape: shape as number[], begin, end });
  }

  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const byOffset = [...specs].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const s of byOffset) {
    if (s.begin < expected) fail(`data_offsets [${s.begin}, ${s.end}] overlap the previous tensor (which ends at ${expected})`, s.name);
    if (s.begin > expected) fail(`data_offsets [${s.begin}, ${s.end}] leave a gap after byte ${expected}`, s.name);
    expected = s.end;
  }
  if (expected !== dataLength) {
    fail(expected > dataLength ? `tensors need ${expected} data bytes, the file holds ${dataLength} (truncated?)` : `${dataLength - expected} trailing byte(s) after the last tensor`, 'data');
  }

  const tensors: TensorMap = new Map();
  for (const s of specs) {
    const raw = bytes.subarray(dataStart + s.begin, dataStart + s.end);
    tensors.set(s.name, { dtype: s.dtype, shape: s.shape, data: allocate(s.dtype, raw) });
  }
  return { tensors, metadata };
}

/**
 * The bytes of a safetensors file. Deterministic: `__metadata__` first (only if given), then
 * tensors in the map's insertion order (not sorted: a `.pt` converted keeps its file order), data
 * laid out in that same order; the header is padded with spaces to a multiple of 8 bytes.
 */
export function encodeSafetensors(tensors: TensorMap, metadata?: Record<string, string>, file = '<memory>'): Uint8Array {
  // The header is written entry by entry: an object would list names like "0" first, and the
  // names must keep the map's order (the data is laid out in it).
  const entries: string[] = [];
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new ClockpizzaError(`metadata value of '${k}' must be a string`, { file, field: '__metadata__' });
    }
    entries.push(`"__metadata__":${JSON.stringify(metadata)}`);
  }
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const [name, tensor] of tensors) {
    if (name === '__metadata__') throw new ClockpizzaError('a tensor cannot be named __metadata__', { file, field: name });
    const data = tensorBytes(tensor, name, file);
    entries.push(`${JSON.stringify(name)}:${JSON.stringify({ dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + data.length] })}`);
    parts.push(data);
    offset += data.length;
  }
  let json = `{${entries.join(',')}}`;
  const headerBytes = new TextEncoder().encode(json);
  const padded = Math.ceil(headerBytes.length / 8) * 8;
  json += ' '.repeat(padded - headerBytes.length);
  const head = new Uint8Array(8);
  new DataView(head.buffer).setBigUint64(0, BigInt(padded), true);
  return concat([head, new TextEncoder().encode(json), ...parts]);
}

/** Writes a safetensors file atomically (temp file + rename). */
export function writeSafetensors(path: string, tensors: TensorMap, metadata?: Record<string, string>): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata, path));
}
