import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ClockpizzaError } from '../errors.js';
import { parseJsonObject } from './json-file.js';
import { assertValid, compileSchema } from '../schema/validate.js';
import { writeFileAtomic } from './atomic-write.js';
import { readInputFile } from './read-input.js';

/** A sidecar config, normalised (flags as booleans, camelCase); `raw` is the JSON as read. */
export interface Sidecar {
  file: string;
  /** The modulus (`C`). */
  p: number;
  runid?: string;
  nLayers?: number;
  dModel?: number;
  nHeads?: number;
  actFn?: 'ReLU' | 'GeLU';
  /** α; only ever stored here, never in the state dict. */
  attnCoeff?: number;
  diffVocab: boolean;
  eqnSign: boolean;
  /** MLP-only family. */
  modelType?: 'A' | 'B' | 'C' | 'D' | 'X';
  dHidden?: number;
  nVocab?: number;
  raw: Record<string, unknown>;
}

/**
 * Where a checkpoint's sidecar is: `explicit` (--config) if given (it must exist), else
 * `config_<runid>.json` beside `model_<runid>.pt|.safetensors`, else `<stem>.json` beside
 * `<stem>.pt|.safetensors`; undefined when there is none.
 */
export function findSidecar(checkpointPath: string, explicitConfig?: string): string | undefined {
  if (explicitConfig !== undefined) {
    if (!existsSync(explicitConfig)) throw new ClockpizzaError('no such file (given by --config)', { file: explicitConfig });
    return explicitConfig;
  }
  const dir = dirname(checkpointPath);
  const stem = basename(checkpointPath).replace(/\.(pt|pth|safetensors)$/i, '');
  const run = /^model_(.+)$/.exec(stem);
  const candidates = [...(run ? [join(dir, `config_${run[1]}.json`)] : []), join(dir, `${stem}.json`)];
  return candidates.find((c) => c !== checkpointPath && existsSync(c));
}

/** Reads, schema-checks and normalises a sidecar. Errors name the file and the JSON pointer. */
export function readSidecar(path: string): Sidecar {
  return parseSidecar(readInputFile(path), path);
}

export function parseSidecar(bytes: Uint8Array, file: string): Sidecar {
  const raw = parseJsonObject(bytes, file).value;
  assertValid(compileSchema('sidecar'), raw, file);
  const sidecar: Sidecar = { file, p: raw['C'] as number, diffVocab: flag(raw['diff_vocab']), eqnSign: flag(raw['eqn_sign']), raw };
  const optional: [keyof Sidecar, string][] = [
    ['runid', 'runid'], ['nLayers', 'n_layers'], ['dModel', 'd_model'], ['nHeads', 'n_heads'], ['actFn', 'act_fn'],
    ['attnCoeff', 'attn_coeff'], ['modelType', 'model_type'], ['dHidden', 'd_hidden'], ['nVocab', 'n_vocab'],
  ];
  for (const [to, from] of optional) {
    const v = raw[from];
    if (v !== undefined) (sidecar as unknown as Record<string, unknown>)[to] = v;
  }
  return sidecar;
}

/** A sidecar's raw JSON as written, checked against the schema (errors name `path`). */
export function sidecarText(path: string, raw: Record<string, unknown>): string {
  const text = `${JSON.stringify(raw)}\n`;
  parseSidecar(new TextEncoder().encode(text), path);
  return text;
}

/** Writes a sidecar's raw JSON (atomically), after checking it against the schema. */
export function writeSidecar(path: string, raw: Record<string, unknown>): void {
  writeFileAtomic(path, sidecarText(path, raw));
}

function flag(v: unknown): boolean {
  return v === true || v === 1;
}

