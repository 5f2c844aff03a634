import { type Tensor, type TensorMap, toFloat64 } from './tensor.js';

/** The first NaN or ±Infinity in a checkpoint's floating-point tensors, in file order. */
export interface NonFinite {
  tensor: string;
  /** Row-major index of the first bad element, one entry per dimension. */
  index: number[];
  value: number;
  /** Non-finite elements in all tensors together. */
  count: number;
}

const FLOAT_DTYPES = new Set<Tensor['dtype']>(['F64', 'F32', 'F16', 'BF16']);

/** Where the first non-finite weight is, or undefined when every float is finite. */
export function firstNonFinite(tensors: TensorMap): NonFinite | undefined {
  let first: Omit<NonFinite, 'count'> | undefined;
  let count = 0;
  for (const [name, tensor] of tensors) {
    if (!FLOAT_DTYPES.has(tensor.dtype)) continue;
    const values = tensor.dtype === 'F32' || tensor.dtype === 'F64' ? (tensor.data as Float32Array | Float64Array) : toFloat64(tensor);
    for (let i = 0; i < values.length; i++) {
      if (Number.isFinite(values[i]!)) continue;
      count++;
      first ??= { tensor: name, index: unravel(i, tensor.shape), value: values[i]! };
    }
  }
  return first === undefined ? undefined : { ...first, count };
}

/** "holds NaN at [3, 17] (2 non-finite values in all)", to follow the tensor's name. */
export function describeNonFinite(bad: NonFinite): string {
  const others = bad.count > 1 ? ` (${bad.count} non-finite values in all)` : '';
  return `holds ${bad.value} at [${bad.index.join(', ')}]${others}`;
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return index;
}
