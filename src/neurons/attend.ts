/** The attention part of the first layer's pre-activations (pre-activations.ts, transformerFirstLayer), feature by feature. */
import { addRowsTimes, type Dense } from './dense.js';

export interface AttendShape {
  n2: number;
  nPos: number;
  V: number;
  H: number;
  last: number;
  tokens: Int32Array;
  weights: Float64Array;
  vs: Float64Array;
  dh: number;
  hd: number;
  /** Every attention weight is 1 (α = 0). */
  uniform: boolean;
}

/**
 * out[j·p² + pair] = own[t_L][j] + Σ_h Σ_q A_hq · (v_h(x_q(t_q))·M_h)[j] for a per-head map M_h
 * (dh × width). The tables are laid out feature-major so each feature's loop over the inputs reads
 * a few hundred table entries that stay in L1 and writes one contiguous row; four features go
 * side by side (featureQuad), each still summed alone in the same order, so the sums are
 * independent chains the processor overlaps and each input's weights are read once for four.
 */
export function attend(s: AttendShape, own: Float64Array, width: number, map: (h: number) => Dense): Float64Array {
  const { n2, nPos, V, H, tokens, vs, dh, hd } = s;
  const entries = nPos * V * H;
  const byToken = new Float64Array(entries * width);
  for (let h = 0; h < H; h++) {
    const m = map(h);
    // row (position, token, head h) of byToken = that (position, token)'s head-h values · M_h
    addRowsTimes({ data: byToken, offset: h * width, stride: H * width }, { data: vs, offset: h * dh, stride: hd }, nPos * V, m);
  }
  const out = new Float64Array(width * n2);
  // Where each input's (position, token) rows start in a feature's table.
  const rows = Int32Array.from({ length: n2 * nPos }, (_, i) => ((i % nPos) * V + tokens[i]!) * H);
  const work = { table: new Float64Array(entries), ownColumn: new Float64Array(V), tables: new Float64Array(4 * entries), ownColumns: new Float64Array(4 * V) };
  let j = 0;
  for (; j + 4 <= width; j += 4) featureQuad(s, byToken, own, width, j, rows, out, work);
  for (; j < width; j++) feature(s, byToken, own, width, j, rows, out, work);
  return out;
}

export interface AttendWork {
  table: Float64Array;
  ownColumn: Float64Array;
  tables: Float64Array;
  ownColumns: Float64Array;
}

/** Feature j of attend's output. */
export function feature(s: AttendShape, byToken: Float64Array, own: Float64Array, width: number, j: number, rows: Int32Array, out: Float64Array, work: AttendWork): void {
  const { n2, nPos, V, H, last, tokens, weights } = s;
  const { table, ownColumn } = work;
  const entries = nPos * V * H;
  const hn = H * nPos;
  for (let e = 0; e < entries; e++) table[e] = byToken[e * width + j]!;
  for (let t = 0; t < V; t++) ownColumn[t] = own[t * width + j]!;
  if (s.uniform) {
    // α = 0: every weight is 1, so the heads add up once per (position, token).
    for (let r = 0; r < nPos * V; r++) {
      let sum = 0;
      for (let h = 0; h < H; h++) sum += table[r * H + h]!;
      table[r * H] = sum;
    }
    for (let pair = 0; pair < n2; pair++) {
      let sum = ownColumn[tokens[pair * nPos + last]!]!;
      for (let q = 0; q < nPos; q++) sum += table[rows[pair * nPos + q]!]!;
      out[j * n2 + pair] = sum;
    }
    return;
  }
  for (let pair = 0; pair < n2; pair++) {
    let sum = ownColumn[tokens[pair * nPos + last]!]!;
    for (let q = 0; q < nPos; q++) {
      const row = rows[pair * nPos + q]!;
      for (let h = 0; h < H; h++) sum += weights[pair * hn + h * nPos + q]! * table[row + h]!;
    }
    out[j * n2 + pair] = sum;
  }
}

/** Features j … j + 3 of attend's output, each exactly as `feature` computes it; tables interleaved (tables[4e + lane]). */
export function featureQuad(s: AttendShape, byToken: Float64Array, own: Float64Array, width: number, j: number, rows: Int32Array, out: Float64Array, work: AttendWork): void {
  const { n2, nPos, V, H, last, tokens, weights } = s;
  const { tables, ownColumns } = work;
  const entries = nPos * V * H;
  const hn = H * nPos;
  for (let e = 0; e < entries; e++) for (let l = 0; l < 4; l++) tables[4 * e + l] = byToken[e * width + j + l]!;
  for (let t = 0; t < V; t++) for (let l = 0; l < 4; l++) ownColumns[4 * t + l] = own[t * width + j + l]!;
  const o0 = j * n2, o1 = o0 + n2, o2 = o1 + n2, o3 = o2 + n2;
  if (s.uniform) {
    for (let r = 0; r < nPos * V; r++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let h = 0; h < H; h++) {
        const e = 4 * (r * H + h);
        s0 += tables[e]!; s1 += tables[e + 1]!; s2 += tables[e + 2]!; s3 += tables[e + 3]!;
      }
      const e = 4 * r * H;
      tables[e] = s0; tables[e + 1] = s1; tables[e + 2] = s2; tables[e + 3] = s3;
    }
    for (let pair = 0; pair < n2; pair++) {
      const t = 4 * tokens[pair * nPos + last]!;
      let s0 = ownColumns[t]!, s1 = ownColumns[t + 1]!, s2 = ownColumns[t + 2]!, s3 = ownColumns[t + 3]!;
      for (let q = 0; q < nPos; q++) {
        const e = 4 * rows[pair * nPos + q]!;
        s0 += tables[e]!; s1 += tables[e + 1]!; s2 += tables[e + 2]!; s3 += tables[e + 3]!;
      }
      out[o0 + pair] = s0; out[o1 + pair] = s1; out[o2 + pair] = s2; out[o3 + pair] = s3;
    }
    return;
  }
  for (let pair = 0; pair < n2; pair++) {
    const t = 4 * tokens[pair * nPos + last]!;
    let s0 = ownColumns[t]!, s1 = ownColumns[t + 1]!, s2 = ownColumns[t + 2]!, s3 = ownColumns[t + 3]!;
    for (let q = 0; q < nPos; q++) {
      const row = rows[pair * nPos + q]!;
      for (let h = 0; h < H; h++) {
        const a = weights[pair * hn + h * nPos + q]!;
        const e = 4 * (row + h);
        s0 += a * tables[e]!; s1 += a * tables[e + 1]!; s2 += a * tables[e + 2]!; s3 += a * tables[e + 3]!;
      }
    }
    out[o0 + pair] = s0; out[o1 + pair] = s1; out[o2 + pair] = s2; out[o3 + pair] = s3;
  }
}
