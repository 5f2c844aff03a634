/** A named, dense, row-major tensor as read from or written to a checkpoint. */
export type DType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

export type TensorData = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint8Array | BigInt64Array | Uint16Array;

export interface Tensor {
  dtype: DType;
  shape: number[];
  /** Row-major, exactly product(shape) elements. F16/BF16 are kept as raw Uint16Array bits. */
  data: TensorData;
}

/** Checkpoint contents in file order. */
export type TensorMap = Map<string, Tensor>;

export function numel(shape: readonly number[]): number {
  return shape.reduce((n, s) => n * s, 1);
}

/** Values as float64, whatever the stored dtype (F16/BF16 decoded). */
export function toFloat64(t: Tensor): Float64Array {
  const out = new Float64Array(t.data.length);
  if (t.dtype === 'F16' || t.dtype === 'BF16') {
    const bits = t.data as Uint16Array;
    for (let i = 0; i < bits.length; i++) out[i] = t.dtype === 'F16' ? halfToFloat(bits[i]!) : bfloatToFloat(bits[i]!);
    return out;
  }
  for (let i = 0; i < t.data.length; i++) out[i] = Number(t.data[i]!);
  return out;
}

/** Values as float32 (the precision the reference runs in). */
export function toFloat32(t: Tensor): Float32Array {
  return t.dtype === 'F32' ? (t.data as Float32Array) : Float32Array.from(toFloat64(t));
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function bfloatToFloat(b: number): number {
  const buf = new DataView(new ArrayBuffer(4));
  buf.setUint32(0, b << 16);
  return buf.getFloat32(0);
}
