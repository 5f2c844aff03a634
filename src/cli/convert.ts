import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ClockpizzaError, blameFile } from '../errors.js';
import { readCheckpointFile } from '../io/checkpoint-file.js';
import { writeAllOrNone } from '../io/atomic-write.js';
import { encodeSafetensors, readSafetensors } from '../io/safetensors.js';
import { findSidecar, readSidecar, sidecarText } from '../io/sidecar.js';
import type { Tensor, TensorMap } from '../io/tensor.js';
import { inferArchitecture } from '../model/architecture.js';
import { sidecarOfArchitecture } from '../model/architecture-sidecar.js';
import { checkpointLoadOptions } from './checkpoint-options.js';
import { defineCommand } from './command.js';
import { checkOutputName } from './output-paths.js';

export const command = defineCommand({
  name: 'convert',
  summary: 'Convert a checkpoint (.pt) to safetensors, tensors bit for bit, with its JSON sidecar written as <out stem>.json.',
  usage: 'clockpizza convert <in.pt> <out.safetensors> [--config F] [--attn A] [--force]',
  options: {
    config: { type: 'string', placeholder: 'F', description: 'JSON sidecar of the input (default: found next to it)' },
    attn: { type: 'string', placeholder: 'A', description: 'attention rate α to record in the written sidecar (overrides the input sidecar)', range: { integer: false, min: 0, max: 1 } },
    force: { type: 'boolean', description: 'overwrite existing output files' },
  },
  async run(positionals, options) {
    if (positionals.length !== 2) throw new ClockpizzaError(`give an input and an output path (got ${positionals.length} paths)`);
    const [input, output] = positionals as [string, string];
    checkOutputName(output, 'output');
    const written = convertCheckpoint(input, output, {
      ...checkpointLoadOptions(options),
      force: options.force === true,
    });
    process.stdout.write(`wrote ${written.tensors} tensors to ${written.output} and the sidecar ${written.sidecar}${written.synthesised ? ' (synthesised from the tensors)' : ''}\n`);
    return 0;
  },
});

/** `<dir>/<stem>.json` for `<dir>/<stem>.safetensors`: where findSidecar will look. */
export function sidecarPathFor(output: string): string {
  return join(dirname(output), `${basename(output).replace(/\.safetensors$/i, '')}.json`);
}

/**
 * Reads `input`, checks it is a model we can run (architecture inferred and checked against its
 * sidecar), writes the tensors unchanged (buffers included) and the sidecar, reading the
 * weights back and comparing bytes before either file appears. Nothing is overwritten without `force`.
 */
export function convertCheckpoint(input: string, output: string, options: { config?: string; attn?: number; force?: boolean } = {}): { output: string; sidecar: string; tensors: number; synthesised: boolean } {
  const sidecarOut = sidecarPathFor(output);
  if (resolve(input) === resolve(output)) throw new ClockpizzaError('input and output are the same file', { file: output });
  if (!/\.safetensors$/i.test(output)) throw new ClockpizzaError('the output must end in .safetensors', { file: output });
  if (!options.force) {
    for (const path of [output, sidecarOut]) {
      if (existsSync(path)) throw new ClockpizzaError('exists already (use --force to overwrite)', { file: path });
    }
  }
  const file = readCheckpointFile(input);
  const sidecarIn = findSidecar(input, options.config);
  const sidecar = sidecarIn === undefined ? undefined : readSidecar(sidecarIn);
  let raw: Record<string, unknown>;
  try {
    const architecture = inferArchitecture(file.tensors, sidecar ?? {}, { source: input, ...(options.attn !== undefined ? { attn: options.attn } : {}) });
    raw = sidecar === undefined ? sidecarOfArchitecture(architecture) : { ...sidecar.raw, ...(options.attn !== undefined ? { attn_coeff: options.attn } : {}) };
  } catch (error) {
    throw blameFile(input, error);
  }
  // Both files or neither; the weights are read back from their temporary file before either is renamed into place.
  writeAllOrNone(
    [
      { path: output, bytes: encodeSafetensors(file.tensors, { format: 'pt', converted_from: basename(input), source_sha256: file.sha256 }, output) },
      { path: sidecarOut, bytes: sidecarText(sidecarOut, raw) },
    ],
    (temp) => {
      const mismatch = firstMismatch(file.tensors, readSafetensors(temp(output)).tensors);
      if (mismatch !== undefined) throw new ClockpizzaError(`read back differently from the input (${mismatch})`, { file: output });
    },
  );
  return { output, sidecar: sidecarOut, tensors: file.tensors.size, synthesised: sidecar === undefined };
}

function bytesOf(t: Tensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** The first tensor whose name, dtype, shape or bytes differ; undefined when all are identical. */
export function firstMismatch(a: TensorMap, b: TensorMap): string | undefined {
  if (a.size !== b.size) return `${a.size} tensors vs ${b.size}`;
  for (const [name, t] of a) {
    const u = b.get(name);
    if (u === undefined) return `${name} missing`;
    if (t.dtype !== u.dtype || t.shape.join(',') !== u.shape.join(',')) return `${name}: ${t.dtype}[${t.shape}] vs ${u.dtype}[${u.shape}]`;
    const x = bytesOf(t);
    const y = bytesOf(u);
    if (x.length !== y.length || x.some((v, i) => v !== y[i])) return `${name}: bytes differ`;
  }
  return undefined;
}
