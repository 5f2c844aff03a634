/**
 * Reading a checkpoint and computing all p² = 3,481 logits: Model A (p99zdpze5l) end to end
 * (read .pt + sidecar, infer the architecture, upload weights, forward pass), with a breakdown,
 * beside a baseline measured in the same run: a plain float64 JS forward pass, one pair at a
 * time, straight from METRICS.md §2 (src/model/naive-forward.ts). Falls back to a random
 * d = 128 reference transformer when the reference is absent (and says so).
 */
import { readCheckpointFile } from '../../src/io/checkpoint-file.js';
import type { TensorMap } from '../../src/io/tensor.js';
import type { Architecture } from '../../src/model/architecture.js';
import { tensorEngine } from '../../src/model/backend.js';
import { buildModel } from '../../src/model/build.js';
import { loadCheckpoint } from '../../src/model/load.js';
import { naiveLogits } from '../../src/model/naive-forward.js';
import { randomReferenceTransformer } from '../../src/model/random-weights.js';
import { hasReference, referenceCheckpoint } from '../../src/reference.js';

const RUNS = 7;

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

function time(f: () => unknown): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

export async function bench(): Promise<void> {
  await tensorEngine();
  const reference = hasReference();
  let endToEnd: () => Promise<number>;
  let tensors: TensorMap;
  let architecture: Architecture;
  const rows: [string, number, number | undefined][] = [];

  if (reference) {
    const path = referenceCheckpoint('p99zdpze5l');
    console.log('network: Model A (p99zdpze5l), read from the released .pt');
    endToEnd = async () => {
      const start = performance.now();
      (await loadCheckpoint(path)).network.allLogits();
      return performance.now() - start;
    };
    const loaded = await loadCheckpoint(path);
    tensors = loaded.tensors;
    architecture = loaded.architecture;
    rows.push(['read .pt (zip + restricted unpickler)', median(Array.from({ length: RUNS }, () => time(() => readCheckpointFile(path)))), undefined]);
  } else {
    console.log('network: random d = 128 reference transformer, α = 0 (CLOCKPIZZA_REFERENCE absent; Model A not available)');
    tensors = randomReferenceTransformer({ p: 59, d: 128, heads: 4, layers: 1 });
    endToEnd = async () => {
      const start = performance.now();
      buildModel(tensors, { p: 59, attnCoeff: 0 }).network.allLogits();
      return performance.now() - start;
    };
    architecture = buildModel(tensors, { p: 59, attnCoeff: 0 }).architecture;
  }

  await endToEnd(); // warm-up: JIT, wasm kernels
  const sequential: number[] = [];
  for (let i = 0; i < RUNS; i++) sequential.push(await endToEnd());
  const endToEndMs = median(sequential);

  const network = buildModel(tensors, { p: 59, attnCoeff: 0 }).network;
  rows.push(['first allLogits (weights uploaded)', time(() => network.allLogits()), undefined]);
  rows.push(['allLogits, warm', median(Array.from({ length: RUNS }, () => time(() => network.allLogits()))), undefined]);
  const triples = Array.from({ length: 100 }, (_, i) => [i % 59, (7 * i) % 59, (3 * i) % 59] as const);
  rows.push(['embeddingGradients, 100 triples', median(Array.from({ length: RUNS }, () => time(() => network.embeddingGradients(triples)))), undefined]);

  // Baseline: the float64 oracle, one pair at a time (measured once: it is slow).
  const baselineMs = time(() => {
    for (let a = 0; a < 59; a++) for (let b = 0; b < 59; b++) naiveLogits(tensors, architecture, [a, b]);
  });
  rows.unshift(['TOTAL read + all 3,481 logits', endToEndMs, baselineMs]);

  console.log(`median of ${RUNS} runs, ms (baseline: plain float64 JS forward pass per pair, weights already in memory)`);
  console.log('| step | ms | naive baseline ms | speed-up |');
  console.log('|---|---:|---:|---:|');
  for (const [name, ms, base] of rows) {
    console.log(`| ${name} | ${ms.toFixed(1)} | ${base === undefined ? '—' : base.toFixed(1)} | ${base === undefined ? '—' : `${(base / ms).toFixed(1)}×`} |`);
  }
  console.log(`target: read Model A + all logits well under 1000 ms on one core: ${endToEndMs < 1000 ? 'met' : 'NOT met'} (${endToEndMs.toFixed(0)} ms)`);
}
