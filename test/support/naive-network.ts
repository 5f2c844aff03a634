import { toFloat64, type TensorMap } from '../../src/io/tensor.js';
import type { TransformerArchitecture } from '../../src/model/architecture.js';
import { familyOf, isBufferName } from '../../src/model/families/index.js';
import { naiveLogits } from '../../src/model/naive-forward.js';
import type { Matrix, Network, Triple } from '../../src/model/network.js';

/**
 * A transformer `Network` computed entirely by the plain float64 forward pass (naive-forward.ts),
 * with gradients by central differences and circle isolation by overriding the embedding rows:
 * the independent side of a metric-by-metric comparison with the tfjs runtime. Logits are read
 * from `logitArchitecture` (default: the checkpoint's own) and cut to the first `p` classes, so a
 * test can compute them from the full unembedding and cut them itself. Slow (one input at a time).
 */
export function naiveNetwork(stored: TensorMap, a: TransformerArchitecture, options: { logitArchitecture?: TransformerArchitecture; embedding?: Matrix } = {}): Network {
  // A map of its own: naiveLogits caches the float64 parameters per map, mapped by the first architecture it sees.
  const tensors = new Map(stored);
  const logitArch = options.logitArchitecture ?? a;
  const { p, dModel: d, nVocab: V } = a;
  const embedding = options.embedding ?? embeddingOf(tensors, a);
  const row = (t: number): Float64Array => embedding.data.slice(t * d, (t + 1) * d);
  const sequence = (x: number, y: number): number[] => [x, a.diffVocab ? y + p : y, ...(a.eqnSign ? [V - 1] : [])];
  const gradientTokens = (x: number, y: number): number[] => (a.gradientInput === 'sequence' ? sequence(x, y) : [x, y]);
  const logits = (tokens: number[], rows: Float64Array[]): Float64Array => naiveLogits(tensors, logitArch, tokens, rows).subarray(0, p);
  return {
    p,
    nOutputs: p,
    description: `naive float64 ${a.layout} p=${p}`,
    embeddingMatrix: () => ({ ...embedding, data: embedding.data.slice() }),
    allLogits() {
      const out = new Float64Array(p * p * p);
      for (let x = 0; x < p; x++) {
        for (let y = 0; y < p; y++) {
          const tokens = sequence(x, y);
          out.set(logits(tokens, tokens.map(row)), (x * p + y) * p);
        }
      }
      return out;
    },
    embeddingGradients(triples: readonly Triple[]) {
      const h = 1e-4;
      const partials = ([x, y, c]: Triple, position: 0 | 1): Float64Array => {
        const tokens = gradientTokens(x, y);
        const rows = tokens.map(row);
        return Float64Array.from({ length: d }, (_, i) => {
          const v = rows[position]![i]!;
          rows[position]![i] = v + h;
          const up = logits(tokens, rows)[c]!;
          rows[position]![i] = v - h;
          const down = logits(tokens, rows)[c]!;
          rows[position]![i] = v;
          return (up - down) / (2 * h);
        });
      };
      return { ga: triples.map((t) => partials(t, 0)), gb: triples.map((t) => partials(t, 1)) };
    },
    withEmbedding: (e: Matrix) => naiveNetwork(stored, a, { ...options, embedding: e }),
    parameters: () => new Map([...tensors].filter(([name]) => !isBufferName(name))),
  };
}

/** The token embedding (V × d, one row per token) from the canonical W_E (d, V), in float64. */
function embeddingOf(tensors: TensorMap, a: TransformerArchitecture): Matrix {
  const { dModel: d, nVocab: V } = a;
  const WE = toFloat64(familyOf(a).canonical(tensors, a).embed);
  const data = new Float64Array(V * d);
  for (let t = 0; t < V; t++) for (let i = 0; i < d; i++) data[t * d + i] = WE[i * V + t]!;
  return { rows: V, cols: d, data };
}
