import { createHash } from 'node:crypto';
import { ClockpizzaError } from '../errors.js';
import { parsePt } from './pt.js';
import { readInputFile } from './read-input.js';
import { parseSafetensors } from './safetensors.js';
import type { TensorMap } from './tensor.js';

export type CheckpointFormat = 'pt' | 'safetensors';

export interface CheckpointFile {
  format: CheckpointFormat;
  tensors: TensorMap;
  /** Safetensors `__metadata__` (empty for .pt). */
  metadata: Record<string, string>;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** Reads a checkpoint, choosing the reader by the file's magic bytes, not its extension. */
export function readCheckpointFile(path: string): CheckpointFile {
  return parseCheckpointBytes(readInputFile(path), path);
}

export function parseCheckpointBytes(bytes: Uint8Array, file: string): CheckpointFile {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const format = detectFormat(bytes, file);
  if (format === 'pt') return { format, tensors: parsePt(bytes, file), metadata: {}, sha256 };
  const { tensors, metadata } = parseSafetensors(bytes, file);
  return { format, tensors, metadata, sha256 };
}

/**
 * `PK\x03\x04` → a torch zip; an 8-byte length followed by `{` → safetensors. Anything else is
 * refused, with a hint for the legacy (pre-1.6, non-zip) torch format.
 */
export function detectFormat(bytes: Uint8Array, file: string): CheckpointFormat {
  if (bytes.length === 0) throw new ClockpizzaError('is empty, not a checkpoint', { file });
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'pt';
  if (bytes.length >= 9 && bytes[8] === 0x7b) return 'safetensors';
  if (bytes[0] === 0x80 && bytes.length > 1 && bytes[1]! <= 5) {
    throw new ClockpizzaError('is a legacy (non-zip) torch file or a bare pickle; re-save it with torch.save from torch ≥ 1.6', { file });
  }
  // Its bytes are never echoed: the file may be anything (a golden file once pointed at /etc/passwd, issue 18.15).
  throw new ClockpizzaError(`is neither a torch .pt zip archive nor a safetensors file (no zip or safetensors header at its start)`, { file });
}
