import type { TensorMap } from '../io/tensor.js';
import type { TrainSpec } from './config.js';
import type { Params } from './params.js';
import { Prng } from './prng.js';

/** Sizes of the reference transformer for a spec (METRICS.md §2; vocab = p: plain [a, b] tokens). */
export function transformerDims(spec: Pick<TrainSpec, 'width' | 'nHeads' | 'p'>) {
  const d = spec.width;
  const heads = spec.nHeads;
  const dh = Math.floor(d / heads);
  return { d, heads, dh, dm: 4 * d, vocab: spec.p, nCtx: 2 };
}

/**
 * The reference's initial weights (METRICS.md §6), drawn in state-dict order from the seed's
 * "init" stream: W_E, W_pos, W_Q/K/V, W_O, W_out ~ N(0,1)/√d; W_U ~ N(0,1)/√V;
 * W_in ~ N(0,1)/√dm; biases 0. MLP-only: nn.Linear's U(±1/√fan_in) for weights and biases,
 * embed ~ N(0,1)/√(h/2), unembed ~ N(0,1)/√h.
 */
export function initialParams(spec: TrainSpec): { params: Params; buffers: TensorMap } {
  const rng = new Prng(spec.seed, 'init');
  const normal = (shape: number[], scale: number) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = rng.normal() * scale;
    return data;
  };
  const uniform = (shape: number[], bound: number) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = (2 * rng.uniform() - 1) * bound;
    return data;
  };
  const params: Params = [];
  const add = (name: string, shape: number[], data: Float32Array) => params.push({ name, shape, data });
  const buffers: TensorMap = new Map();

  if (spec.model === 'transformer') {
    const { d, heads, dh, dm, vocab, nCtx } = transformerDims(spec);
    const sd = 1 / Math.sqrt(d);
    add('embed.W_E', [d, vocab], normal([d, vocab], sd));
    add('pos_embed.W_pos', [nCtx, d], normal([nCtx, d], sd));
    add('unembed.W_U', [d, vocab], normal([d, vocab], 1 / Math.sqrt(vocab)));
    for (let l = 0; l < spec.layers; l++) {
      const b = `blocks.${l}`;
      for (const w of ['W_K', 'W_Q', 'W_V']) add(`${b}.attn.${w}`, [heads, dh, d], normal([heads, dh, d], sd));
      add(`${b}.attn.W_O`, [d, heads * dh], normal([d, heads * dh], sd));
      add(`${b}.mlp.W_in`, [dm, d], normal([dm, d], 1 / Math.sqrt(dm)));
      add(`${b}.mlp.b_in`, [dm], new Float32Array(dm));
      add(`${b}.mlp.W_out`, [d, dm], normal([d, dm], sd));
      add(`${b}.mlp.b_out`, [d], new Float32Array(d));
      const mask = new Float32Array(nCtx * nCtx);
      for (let i = 0; i < nCtx; i++) for (let j = 0; j <= i; j++) mask[i * nCtx + j] = 1;
      buffers.set(`${b}.attn.mask`, { dtype: 'F32', shape: [nCtx, nCtx], data: mask });
    }
    return { params, buffers };
  }

  const type = spec.model.slice(4);
  const h = spec.width;
  const e = type === 'D' ? h / 2 : h;
  const embedScale = 1 / Math.sqrt(h / 2);
  const linear = (name: string, out: number, fanIn: number) => {
    const bound = 1 / Math.sqrt(fanIn);
    add(`${name}.weight`, [out, fanIn], uniform([out, fanIn], bound));
    add(`${name}.bias`, [out], uniform([out], bound));
  };
  if (type === 'X') {
    add('embed1.weight', [spec.p, e], normal([spec.p, e], embedScale));
    add('embed2.weight', [spec.p, e], normal([spec.p, e], embedScale));
  } else {
    add('embed.weight', [spec.p, e], normal([spec.p, e], embedScale));
  }
  add('unembed.weight', [spec.p, h], normal([spec.p, h], 1 / Math.sqrt(h)));
  linear('l1', h, type === 'D' ? 2 * e : e);
  if (type === 'B' || type === 'C') linear('l2', h, h);
  return { params, buffers };
}
