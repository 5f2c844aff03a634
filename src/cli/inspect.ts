import { ClockpizzaError, InternalError } from '../errors.js';
import { accuracy } from '../metrics/accuracy.js';
import { argmaxRow } from '../metrics/logits.js';
import { parameterNorm } from '../metrics/parameter-norm.js';
import { describeArchitecture } from '../model/architecture.js';
import { describeNonFinite, type NonFinite } from '../io/non-finite.js';
import { loadCheckpoint } from '../model/load.js';
import { parameterCount } from '../model/parameters.js';
import { CHECKPOINT_OPTIONS, checkpointLoadOptions } from './checkpoint-options.js';
import { defineCommand } from './command.js';

/** What `inspect --json` prints: one object (keys beyond these may be added, never renamed). */
export interface InspectResult {
  checkpoint: string;
  format: string;
  sha256: string;
  /** The sidecar's path, or null when none was found and one was synthesised. */
  sidecar: string | null;
  description: string;
  architecture: Record<string, unknown>;
  parameterCount: number;
  /** null when a weight is NaN or ±Infinity (see nonFinite). */
  parameterNorm: number | null;
  /** null when a weight is NaN or ±Infinity (see nonFinite). Fraction of all p² pairs whose argmax over all outputs (first index on ties, as torch.argmax) is (a+b) mod p. */
  accuracy: number | null;
  /** The first non-finite weight, when there is one: inspect flags it where other commands refuse. */
  nonFinite?: NonFinite;
  input?: [number, number];
  logits?: number[];
  prediction?: number;
}

export const command = defineCommand({
  name: 'inspect',
  summary: 'Architecture, parameter count and norm, accuracy over all p² pairs, and optionally the logits for one input.',
  usage: 'clockpizza inspect <checkpoint> [--config F] [--attn A] [--input a,b] [--json]',
  options: {
    ...CHECKPOINT_OPTIONS,
    input: { type: 'string', placeholder: 'a,b', description: 'also print the logits for input (a, b)' },
    json: { type: 'boolean', description: 'print one JSON object instead of text' },
  },
  async run(positionals, options) {
    if (positionals.length !== 1) throw new ClockpizzaError(`give exactly one checkpoint (got ${positionals.length})`);
    const path = positionals[0]!;
    const result = await inspectCheckpoint(path, {
      ...checkpointLoadOptions(options),
      ...(options.input !== undefined ? { input: options.input } : {}),
    });
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatInspect(result));
    return 0;
  },
});

export async function inspectCheckpoint(path: string, options: { config?: string; attn?: number; input?: string } = {}): Promise<InspectResult> {
  const loaded = await loadCheckpoint(path, { ...options, allowNonFinite: true });
  const { network, architecture } = loaded;
  const input = options.input === undefined ? undefined : parseInput(options.input, network.p);
  const logits = network.allLogits();
  const result: InspectResult = {
    checkpoint: path,
    format: loaded.format,
    sha256: loaded.sha256,
    sidecar: loaded.sidecarSynthesised ? null : loaded.sidecar.file,
    description: describeArchitecture(architecture),
    architecture: { ...architecture },
    parameterCount: parameterCount(network.parameters()),
    // Norm and accuracy of NaN weights would be NaN and noise: not printed as if they meant something.
    parameterNorm: loaded.nonFinite ? null : valueOf(parameterNorm(network)),
    accuracy: loaded.nonFinite ? null : valueOf(accuracy(network, logits)),
    ...(loaded.nonFinite ? { nonFinite: loaded.nonFinite } : {}),
  };
  if (input !== undefined) {
    const [a, b] = input;
    const V = network.nOutputs;
    const offset = (a * network.p + b) * V;
    result.input = input;
    result.logits = Array.from(logits.subarray(offset, offset + V));
    result.prediction = argmaxRow(logits, offset, V);
  }
  return result;
}

function valueOf(m: { value: number | null }): number {
  if (m.value === null) throw new InternalError('accuracy and parameter norm are always defined');
  return m.value;
}

/** "a,b" with integers in [0, p). */
export function parseInput(text: string, p: number): [number, number] {
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.length !== 2 || parts.some((s) => !/^\d+$/.test(s)) || values.some((v) => v >= p)) {
    throw new ClockpizzaError(`expected two integers a,b in [0, ${p - 1}], got ${JSON.stringify(text)}`, { field: '--input' });
  }
  return [values[0]!, values[1]!];
}

export function formatInspect(r: InspectResult): string {
  const lines = [
    `checkpoint    ${r.checkpoint} (${r.format}, sha256 ${r.sha256.slice(0, 16)}…)`,
    `sidecar       ${r.sidecar ?? 'none found (synthesised from the tensors)'}`,
    `architecture  ${r.description}`,
    `parameters    ${r.parameterCount.toLocaleString('en-US')}`,
    `norm ‖θ‖      ${r.parameterNorm === null ? 'not computed: weights not finite' : r.parameterNorm.toFixed(6)}`,
    `accuracy      ${r.accuracy === null ? 'not computed: weights not finite' : `${r.accuracy.toFixed(6)} over all pairs (argmax over all outputs)`}`,
  ];
  if (r.nonFinite) lines.push(`warning       weights are not finite: ${r.nonFinite.tensor} ${describeNonFinite(r.nonFinite)}; audit, report and golden refuse this checkpoint`);
  const assumptions = (r.architecture['assumptions'] as string[] | undefined) ?? [];
  for (const a of assumptions) lines.push(`assumption    ${a}`);
  if (r.input !== undefined && r.logits !== undefined) {
    const [a, b] = r.input;
    lines.push(`input         (${a}, ${b}) → argmax ${r.prediction}`);
    lines.push(`logits        ${r.logits.map((v) => v.toFixed(6)).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
