/**
 * The neurons section on Model A (p99zdpze5l: 512 first-layer neurons × 3,481 pairs): the
 * factorised pre-activations and the section (fits, clusters, CKA), beside a straightforward
 * baseline measured in the same run: pre-activations as one d × dm product per input from the
 * residual stream. Goal (issue 17): the section in < 300 ms. Skipped without the reference.
 */
import type { TransformerArchitecture } from '../../src/model/architecture.js';
import { loadCheckpoint } from '../../src/model/load.js';
import { transformerWeights } from '../../src/model/transformer-weights.js';
import { firstLayerPreActivations, transformerFirstLayer, type NeuronTable } from '../../src/neurons/pre-activations.js';
import { neuronSection } from '../../src/neurons/section.js';
import { hasReference, referenceCheckpoint } from '../../src/reference.js';
import { familyOf } from '../../src/model/families/index.js';

const RUNS = 5;

export async function bench(): Promise<void> {
  if (!hasReference()) {
    console.log('skipped: CLOCKPIZZA_REFERENCE absent (Model A not available)');
    return;
  }
  const checkpoint = await loadCheckpoint(referenceCheckpoint('p99zdpze5l'));
  const logits = checkpoint.network.allLogits();
  const a = checkpoint.architecture as TransformerArchitecture;
  console.log(`network: Model A (p99zdpze5l), ${checkpoint.network.description}`);
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const time = (f: () => unknown): number => {
    const start = performance.now();
    f();
    return performance.now() - start;
  };
  let table: NeuronTable = firstLayerPreActivations(checkpoint); // warm-up
  neuronSection(table, logits);
  const pre = median(Array.from({ length: RUNS }, () => time(() => (table = firstLayerPreActivations(checkpoint)))));
  const section = median(Array.from({ length: RUNS }, () => time(() => neuronSection(table, logits))));
  const baseline = median(Array.from({ length: 3 }, () => time(() => straightforwardPreActivations(checkpoint, a))));
  console.log(`median of ${RUNS} runs, ms (baseline: residual · W_in per input, ${a.dModel} × ${a.dMlp} multiply-adds each)`);
  console.log('| step | ms | baseline ms | speed-up |');
  console.log('|---|---:|---:|---:|');
  console.log(`| first-layer pre-activations | ${pre.toFixed(1)} | ${baseline.toFixed(1)} | ${(baseline / pre).toFixed(1)}× |`);
  console.log(`| fits, clusters, CKA (section) | ${section.toFixed(1)} | — | — |`);
  console.log(`| TOTAL neurons section | ${(pre + section).toFixed(1)} | ${(baseline + section).toFixed(1)} | ${((baseline + section) / (pre + section)).toFixed(1)}× |`);
  console.log(`target: < 300 ms on one core: ${pre + section < 300 ? 'met' : 'NOT met'} (${(pre + section).toFixed(0)} ms)`);
}

function straightforwardPreActivations(checkpoint: Parameters<typeof firstLayerPreActivations>[0], a: TransformerArchitecture): Float64Array {
  const { residual } = transformerFirstLayer(checkpoint, a, { residual: true });
  const block = transformerWeights(familyOf(a).canonical(checkpoint.tensors, a), a).blocks[0]!;
  const { dModel: d, dMlp: dm, p } = a;
  const n2 = p * p;
  const out = new Float64Array(dm * n2);
  const x = new Float64Array(d);
  for (let pair = 0; pair < n2; pair++) {
    for (let i = 0; i < d; i++) x[i] = residual![i * n2 + pair]!;
    for (let j = 0; j < dm; j++) {
      let s = block.bIn[j]!;
      for (let i = 0; i < d; i++) s += x[i]! * block.wIn.data[i * dm + j]!;
      out[j * n2 + pair] = s;
    }
  }
  return out;
}
