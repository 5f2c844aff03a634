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
  /** Head width (`d_head`, read by the reference's code). */
  dHead?: number;
  /** The stored layout the config names (`layout`; a progress-measures config by its keys), when it is not told by the tensors alone. */
  layout?: string;
  /** The MLP width (`d_mlp`: ours, or a progress-measures config's). */
  dMlp?: number;
  raw: Record<string, unknown>;
}

/** The layout of the progress-measures transformer (Nanda et al. 2023), whose configs say `p` where the reference says `C`. */
export const PROGRESS_MEASURES_LAYOUT = 'progress-measures';

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
  return sidecarOfConfig(parseJsonObject(bytes, file).value, file);
}

/**
 * A config object (a sidecar's JSON, or the `config` dict of a nested checkpoint) normalised:
 * the reference's keys (`C`, …) when it has `C`, else a progress-measures config (`p`, `d_model`,
 * `num_heads`, …; spec/schemas/progress-measures-config.schema.json).
 */
export function sidecarOfConfig(raw: Record<string, unknown>, file: string): Sidecar {
  if (!Object.hasOwn(raw, 'C') && Object.hasOwn(raw, 'p')) return progressMeasuresSidecar(raw, file);
  assertValid(compileSchema('sidecar'), raw, file);
  const sidecar: Sidecar = { file, p: raw['C'] as number, diffVocab: flag(raw['diff_vocab']), eqnSign: flag(raw['eqn_sign']), raw };
  const optional: [keyof Sidecar, string][] = [
    ['runid', 'runid'], ['nLayers', 'n_layers'], ['dModel', 'd_model'], ['nHeads', 'n_heads'], ['actFn', 'act_fn'],
    ['attnCoeff', 'attn_coeff'], ['modelType', 'model_type'], ['dHidden', 'd_hidden'], ['nVocab', 'n_vocab'], ['layout', 'layout'],
    ['dHead', 'd_head'], ['dMlp', 'd_mlp'],
  ];
  for (const [to, from] of optional) {
    const v = raw[from];
    if (v !== undefined) (sidecar as unknown as Record<string, unknown>)[to] = v;
  }
  return sidecar;
}

/** A progress-measures config: `=` is token p (eqn_sign), one vocabulary (no diff_vocab). */
function progressMeasuresSidecar(raw: Record<string, unknown>, file: string): Sidecar {
  assertValid(compileSchema('progress-measures-config'), raw, file);
  const p = raw['p'] as number;
  if (raw['d_vocab'] !== undefined && raw['d_vocab'] !== p + 1) {
    throw new ClockpizzaError(`must be p + 1 = ${p + 1} (inputs [a, b, =]), got ${String(raw['d_vocab'])}`, { file, field: '/d_vocab' });
  }
  const sidecar: Sidecar = { file, p, diffVocab: false, eqnSign: true, layout: PROGRESS_MEASURES_LAYOUT, raw };
  const optional: [keyof Sidecar, string][] = [
    ['nLayers', 'num_layers'], ['dModel', 'd_model'], ['nHeads', 'num_heads'], ['actFn', 'act_type'], ['dMlp', 'd_mlp'],
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

