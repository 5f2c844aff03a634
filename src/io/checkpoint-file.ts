import { createHash } from 'node:crypto';
import { ClockpizzaError } from '../errors.js';
import { parsePtContents, type PtOptions } from './pt.js';
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
  /** Where a nested .pt checkpoint held its state dict (`model`, …); undefined for a bare state dict. */
  stateDictKey?: string;
  /** A nested .pt checkpoint's own plain `config` dict. */
  config?: Record<string, unknown>;
}

/** Reads a checkpoint, choosing the reader by the file's magic bytes, not its extension. */
export function readCheckpointFile(path: string, options: PtOptions = {}): CheckpointFile {
  return parseCheckpointBytes(readInputFile(path), path, options);
}

/** `options.key` (--key) applies to .pt checkpoints only: a safetensors file is a flat state dict. */
export function parseCheckpointBytes(bytes: Uint8Array, file: string, options: PtOptions = {}): CheckpointFile {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const format = detectFormat(bytes, file);
  if (format === 'pt') return { format, metadata: {}, sha256, ...parsePtContents(bytes, file, options) };
  if (options.key !== undefined) throw new ClockpizzaError('is a safetensors file, a flat state dict: --key applies to nested .pt checkpoints only', { file, field: '--key' });
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
