import { ClockpizzaError } from '../errors.js';
import type { DType, Tensor, TensorData } from './tensor.js';
import { numel } from './tensor.js';

/** Bytes per element of each dtype. */
export const DTYPE_BYTES: Record<DType, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1,
};

export const DTYPES = Object.keys(DTYPE_BYTES) as DType[];

export function isDType(s: unknown): s is DType {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(DTYPE_BYTES, s);
}

/**
 * The typed array for `dtype` over `bytes` (little-endian host assumed). Copies into a fresh,
 * aligned buffer unless `bytes` already is one exactly.
 */
export function allocate(dtype: DType, bytes: Uint8Array): TensorData {
  // `new Uint8Array(view)` copies (Buffer#slice would not: it returns a view of Node's pool).
  const aligned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
  const buffer = aligned.buffer;
  switch (dtype) {
    case 'F64': return new Float64Array(buffer);
    case 'F32': return new Float32Array(buffer);
    case 'F16': case 'BF16': return new Uint16Array(buffer);
    case 'I64': return new BigInt64Array(buffer);
    case 'I32': return new Int32Array(buffer);
    case 'I16': return new Int16Array(buffer);
    case 'I8': return new Int8Array(buffer);
    case 'U8': case 'BOOL': return new Uint8Array(buffer);
  }
}

const ARRAY_FOR: Record<DType, string> = {
  F64: 'Float64Array', F32: 'Float32Array', F16: 'Uint16Array', BF16: 'Uint16Array', I64: 'BigInt64Array',
  I32: 'Int32Array', I16: 'Int16Array', I8: 'Int8Array', U8: 'Uint8Array', BOOL: 'Uint8Array',
};

/** The tensor's raw little-endian bytes (a view), after checking its data matches dtype and shape. */
export function tensorBytes(tensor: Tensor, name: string, file: string): Uint8Array {
  if (!isDType(tensor.dtype)) throw new ClockpizzaError(`unknown dtype ${String(tensor.dtype)}`, { file, field: name });
  if (!tensor.shape.every((s) => Number.isSafeInteger(s) && s >= 0)) {
    throw new ClockpizzaError(`shape [${tensor.shape}] must be non-negative integers`, { file, field: name });
  }
  const want = ARRAY_FOR[tensor.dtype];
  if (tensor.data.constructor.name !== want) {
    throw new ClockpizzaError(`${tensor.dtype} data must be a ${want}, got ${tensor.data.constructor.name}`, { file, field: name });
  }
  if (tensor.data.length !== numel(tensor.shape)) {
    throw new ClockpizzaError(`shape [${tensor.shape}] needs ${numel(tensor.shape)} elements, data has ${tensor.data.length}`, { file, field: name });
  }
  return new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
}
