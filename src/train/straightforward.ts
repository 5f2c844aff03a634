import { tf } from '../model/backend.js';
import { customOp } from './custom-op.js';
import { fastMatMul } from './fast-matmul.js';
import { mlpTypeOf, trainArchitecture, type TrainSpec } from './config.js';
import { crossEntropyF64, miniBatches, type Batch, type StepEngine, type StepResult } from './engine.js';
import { InternalError } from '../errors.js';
import { inputTokens, type TransformerArchitecture } from '../model/architecture.js';
import { mlpRoles, mlpType } from '../model/families/mlp-only.js';
import { referenceRoles } from '../model/families/reference-transformer.js';
import type { Params } from './params.js';

type T2 = tf.Tensor2D;

/**
 * The step written as the reference writes it: the whole forward pass in tfjs over the batch,
 * gradients by tfjs's autodiff, any number of layers (and the MLP-only types). Obviously the
 * reference's function: it is the yardstick the fast step is tested against. Its only concession
 * to speed: products x·Wᵀ go through fastMatMul on an explicitly transposed weight (the wasm
 * backend's transposed matmul is ≈ 10× slower). The cross-entropy is taken in float64 in JS.
 */
export class StraightforwardEngine implements StepEngine {
  readonly name = 'straightforward';
  /** Logits per example: the vocabulary (the reference's unembedding is over every token). */
  private readonly outputs: number;
  private readonly trainChunks: Chunk[];
  private readonly testChunks: Chunk[];

  constructor(
    private readonly spec: TrainSpec,
    train: Batch,
    test: Batch,
  ) {
    const arch = trainArchitecture(spec);
    this.outputs = arch.nVocab;
    const chunk = (batch: Batch): Chunk => {
      // one one-hot matrix per position: the reference's tokens (b + p with diff_vocab, `=` with eqn_sign)
      const positions = arch.family === 'transformer' ? arch.nCtx : 2;
      const tokens = Array.from({ length: positions }, () => new Int32Array(batch.labels.length));
      batch.labels.forEach((_, i) => {
        const t = arch.family === 'transformer' ? inputTokens(arch, batch.a[i]!, batch.b[i]!) : [batch.a[i]!, batch.b[i]!];
        t.forEach((token, pos) => (tokens[pos]![i] = token));
      });
      return { oneHot: tokens.map((t) => oneHot(t, arch.nVocab)), labels: batch.labels };
    };
    this.trainChunks = miniBatches(train, spec.batch).map(chunk);
    this.testChunks = miniBatches(test, spec.batch).map(chunk);
  }

  evaluate(params: Params, step = 0): StepResult {
    const spec = this.spec;
    const train = this.trainChunks[step % this.trainChunks.length]!;
    const tensors = params.map((q) => tf.tensor(q.data, q.shape));
    try {
      const byName = (list: tf.Tensor[]) => new Map(params.map((q, i) => [q.name, list[i]!]));
      let trainStats = { loss: NaN, acc: NaN };
      const ce = customOp((logits: T2) => {
        const out = crossEntropyF64(logits.dataSync() as Float32Array, this.outputs, train.labels, true);
        trainStats = out;
        return { value: tf.scalar(out.loss), gradFunc: (dy: tf.Scalar) => [tf.mul(tf.tensor(out.grad!, logits.shape), dy)] };
      });
      // (typed arrays are assigned, not returned: tf.tidy would walk every element of them)
      let grads: Float32Array[] = [];
      tf.tidy(() => {
        const f = (...list: tf.Tensor[]) => ce(forward(spec, byName(list), train.oneHot));
        grads = tf.valueAndGrads(f)(tensors).grads.map((g) => g.dataSync() as Float32Array);
      });
      // The test loss as the reference's evaluation takes it: the mean of its batches' means.
      let testLoss = 0;
      let testAcc = 0;
      for (const test of this.testChunks) {
        let testLogits: Float32Array = new Float32Array(0);
        tf.tidy(() => {
          testLogits = forward(spec, byName(tensors), test.oneHot).dataSync() as Float32Array;
        });
        const stats = crossEntropyF64(testLogits, this.outputs, test.labels, false);
        testLoss += stats.loss / this.testChunks.length;
        testAcc += stats.acc / this.testChunks.length;
      }
      return { trainLoss: trainStats.loss, trainAcc: trainStats.acc, testLoss, testAcc, grads };
    } finally {
      tf.dispose(tensors);
    }
  }

  dispose(): void {
    tf.dispose([...this.trainChunks, ...this.testChunks].flatMap((c) => c.oneHot));
  }
}

/** A (mini-)batch as the engine feeds it: one one-hot token matrix per position, and the labels. */
interface Chunk {
  oneHot: T2[];
  labels: Int32Array;
}

function oneHot(tokens: Int32Array, vocab: number): T2 {
  const data = new Float32Array(tokens.length * vocab);
  tokens.forEach((t, i) => (data[i * vocab + t] = 1));
  return tf.tensor2d(data, [tokens.length, vocab]);
}

/** The parameters by name (as the engine holds them) → a lookup for the family's canonical roles. */
function byName(w: Map<string, tf.Tensor>): (name: string) => tf.Tensor {
  return (name) => {
    const t = w.get(name);
    if (!t) throw new InternalError(`missing parameter ${name}`);
    return t;
  };
}

/** x·wᵀ for a weight stored (out, in), as the untransposed product with a transposed copy. */
function linearT(x: tf.Tensor, weight: tf.Tensor): T2 {
  return fastMatMul(x as T2, tf.transpose(weight) as T2);
}

function activation(x: tf.Tensor, act: 'relu' | 'gelu'): tf.Tensor {
  // GeLU, exact erf form (PyTorch's default); tf.erf is the Abramowitz–Stegun 7.1.26 fit.
  return act === 'relu' ? tf.relu(x) : tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

/** Last-position logits (N × V) for one-hot tokens, one matrix per position. */
export function forward(spec: TrainSpec, w: Map<string, tf.Tensor>, tokens: T2[]): T2 {
  return spec.model === 'transformer' ? transformerForward(spec, w, tokens) : mlpForward(spec, w, tokens);
}

function transformerForward(spec: TrainSpec, w: Map<string, tf.Tensor>, tokens: T2[]): T2 {
  const { dModel: d, nHeads: heads, dHead: dh } = trainArchitecture(spec) as TransformerArchitecture;
  const c = referenceRoles(spec.layers, byName(w));
  const n = tokens[0]!.shape[0];
  const WE = c.embed as T2;
  const pos = c.pos as T2;
  // x[p] = W_Eᵀ[token] + W_pos[p], one N × d tensor per position.
  let x: T2[] = tokens.map((oh, p) => tf.add(linearT(oh, WE), tf.slice(pos, [p, 0], [1, d])) as T2);
  for (let l = 0; l < spec.layers; l++) {
    const block = c.blocks[l]!;
    const proj = (m: tf.Tensor) => tf.reshape(m, [heads * dh, d]) as T2;
    const WQ = proj(block.wQ);
    const WK = proj(block.wK);
    const WV = proj(block.wV);
    const split = (t: T2) => tf.reshape(t, [n, heads, dh]);
    const q = x.map((xp) => split(linearT(xp, WQ)));
    const k = x.map((xp) => split(linearT(xp, WK)));
    const v = x.map((xp) => split(linearT(xp, WV)));
    const WO = block.wO as T2;
    const attnOut = x.map((_, qi) => {
      // scores over key positions, (N, H, P); A = α·softmax + (1 − α)
      const scores = tf.stack(k.map((kp) => tf.div(tf.sum(tf.mul(q[qi]!, kp), 2), Math.sqrt(dh))), 2);
      const A = tf.add(tf.mul(tf.softmax(scores, 2), spec.attn), 1 - spec.attn);
      const weights = tf.unstack(A, 2);
      let z = tf.mul(tf.expandDims(weights[0]!, 2), v[0]!);
      for (let p = 1; p < v.length; p++) z = tf.add(z, tf.mul(tf.expandDims(weights[p]!, 2), v[p]!));
      return linearT(tf.reshape(z, [n, heads * dh]), WO);
    });
    x = x.map((xp, p) => tf.add(xp, attnOut[p]!) as T2);
    const Win = block.wIn as T2;
    const bin = block.bIn;
    const Wout = block.wOut as T2;
    const bout = block.bOut;
    x = x.map((xp) => tf.add(xp, tf.add(linearT(activation(tf.add(linearT(xp, Win), bin), spec.act), Wout), bout)) as T2);
  }
  return fastMatMul(x[x.length - 1]!, c.unembed as T2);
}

function mlpForward(spec: TrainSpec, w: Map<string, tf.Tensor>, tokens: T2[]): T2 {
  const type = mlpTypeOf(spec.model);
  const { inputs } = mlpType(type);
  const c = mlpRoles(type, byName(w));
  const [oa, ob] = tokens as [T2, T2];
  const linear = (x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor) => tf.add(linearT(x, weight), bias) as T2;
  const ea = fastMatMul(oa, c.embed as T2);
  const eb = fastMatMul(ob, (c.embed2 ?? c.embed) as T2);
  let hidden: T2;
  if (inputs === 'sum') hidden = tf.relu(linear(tf.add(ea, eb) as T2, c.l1, c.l1Bias));
  else if (inputs === 'each') hidden = tf.relu(tf.add(linear(ea, c.l1, c.l1Bias), linear(eb, c.l1, c.l1Bias))) as T2;
  else hidden = tf.relu(linear(tf.concat([ea, eb], 1), c.l1, c.l1Bias));
  if (c.l2 !== null) hidden = tf.relu(linear(hidden, c.l2, c.l2Bias!));
  return linearT(hidden, c.unembed);
}
