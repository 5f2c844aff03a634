import fc from 'fast-check';
import { allocate, DTYPE_BYTES, DTYPES } from '../../src/io/dtype.js';
import { type Tensor, type TensorMap, numel } from '../../src/io/tensor.js';

/** A tensor of any dtype with random bits (NaN payloads, -0, subnormals included). */
export function arbitraryTensor(): fc.Arbitrary<Tensor> {
  return fc
    .record({ dtype: fc.constantFrom(...DTYPES), shape: fc.array(fc.nat(4), { maxLength: 3 }) })
    .chain(({ dtype, shape }) =>
      fc.uint8Array({ minLength: numel(shape) * DTYPE_BYTES[dtype], maxLength: numel(shape) * DTYPE_BYTES[dtype] }).map((bytes) => ({
        dtype,
        shape,
        data: allocate(dtype, bytes),
      })),
    );
}

/** A state dict with distinct (arbitrary Unicode) names in random order. */
export function arbitraryTensorMap(): fc.Arbitrary<TensorMap> {
  return fc
    .uniqueArray(fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s !== '__metadata__'), arbitraryTensor()), {
      maxLength: 6,
      selector: ([name]) => name,
    })
    .map((entries) => new Map(entries));
}

/** The raw bytes of a tensor's data, for bit-identity checks. */
export function rawBytes(t: Tensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

/** Whether two tensor maps hold the same names in the same order with bit-identical tensors. */
export function bitIdentical(a: TensorMap, b: TensorMap): boolean {
  if (a.size !== b.size) return false;
  const bs = [...b];
  return [...a].every(([name, t], i) => {
    const [otherName, u] = bs[i]!;
    return (
      name === otherName &&
      t.dtype === u.dtype &&
      t.shape.length === u.shape.length &&
      t.shape.every((s, d) => s === u.shape[d]) &&
      Buffer.compare(rawBytes(t), rawBytes(u)) === 0
    );
  });
}
