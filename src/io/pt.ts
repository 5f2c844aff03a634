import { endianness } from 'node:os';
import { ClockpizzaError } from '../errors.js';
import { readInputFile } from './read-input.js';
import { type DType, type Tensor, type TensorMap, numel } from './tensor.js';
import { allocate, DTYPE_BYTES } from './dtype.js';
import { PyDict, type StorageType, TensorRef, describePy, unpickle } from './pickle.js';
import { openZip } from './zip.js';

/** The dtype each torch storage type holds. */
export const STORAGE_DTYPE: Record<StorageType, DType> = {
  FloatStorage: 'F32',
  DoubleStorage: 'F64',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
};

/** Reads a torch `.pt` (zip) state dict. */
export function readPt(path: string): TensorMap {
  return parsePt(readInputFile(path), path);
}

/**
 * Parses a torch zip checkpoint: `<root>/data.pkl` through the restricted unpickler, storages
 * from `<root>/data/<key>` (little-endian). Tensors come back in the pickle's (file) order,
 * each a fresh dense row-major copy (strided views are gathered; shared storages are read once).
 * The top level must be a dict of tensors.
 */
export function parsePt(bytes: Uint8Array, file: string): TensorMap {
  if (endianness() !== 'LE') throw new ClockpizzaError('reading .pt files needs a little-endian host', { file });
  const zip = openZip(bytes, file);
  const pickles = zip.names.filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pickles.length !== 1) {
    throw new ClockpizzaError(
      pickles.length === 0 ? 'no <root>/data.pkl in the archive (not a torch zip checkpoint)' : `several data.pkl entries: ${pickles.join(', ')}`,
      { file },
    );
  }
  const pklName = pickles[0]!;
  const root = pklName.slice(0, -'/data.pkl'.length);
  const top = unpickle(zip.read(pklName), file, pklName);
  if (!(top instanceof PyDict)) {
    throw new ClockpizzaError(`top level of the pickle is ${describePy(top)}, expected a state dict (a dict of tensors)`, { file, field: pklName });
  }

  const storages = new Map<string, { type: StorageType; bytes: Uint8Array }>();
  const storageBytes = (ref: TensorRef, name: string): Uint8Array => {
    const { key, storageType, numel: count } = ref.storage;
    const seen = storages.get(key);
    if (seen) {
      if (seen.type !== storageType) {
        throw new ClockpizzaError(`storage '${key}' is used as both ${seen.type} and ${storageType}`, { file, field: name });
      }
      return seen.bytes;
    }
    const entry = `${root}/data/${key}`;
    if (!zip.entries.has(entry)) throw new ClockpizzaError(`storage entry '${entry}' is missing from the archive`, { file, field: name });
    const data = zip.read(entry);
    const expected = count * DTYPE_BYTES[STORAGE_DTYPE[storageType]];
    if (data.length !== expected) {
      throw new ClockpizzaError(`storage '${entry}' has ${data.length} bytes, expected ${count} × ${storageType} = ${expected}`, { file, field: name });
    }
    storages.set(key, { type: storageType, bytes: data });
    return data;
  };

  const tensors: TensorMap = new Map();
  for (const [key, value] of top.entries) {
    if (typeof key !== 'string') throw new ClockpizzaError(`state dict key ${String(key)} is not a string`, { file });
    if (!(value instanceof TensorRef)) {
      const hint = value instanceof PyDict ? ' (nested checkpoints are not supported: save model.state_dict() itself)' : '';
      throw new ClockpizzaError(`holds ${describePy(value)}, not a tensor${hint}`, { file, field: key });
    }
    tensors.set(key, rebuildTensor(value, storageBytes(value, key), file, key));
  }
  return tensors;
}

/** `_rebuild_tensor_v2`: the (offset, size, stride) view of a storage, copied to dense row-major. */
function rebuildTensor(ref: TensorRef, storage: Uint8Array, file: string, name: string): Tensor {
  const dtype = STORAGE_DTYPE[ref.storage.storageType];
  const itemBytes = DTYPE_BYTES[dtype];
  const storageNumel = ref.storage.numel;
  const { size, stride, offset } = ref;
  const count = numel(size);
  if (!Number.isSafeInteger(count)) throw new ClockpizzaError(`shape [${size}] is too large`, { file, field: name });
  if (count > 0) {
    let last = offset;
    for (let d = 0; d < size.length; d++) last += (size[d]! - 1) * stride[d]!;
    if (last >= storageNumel) {
      throw new ClockpizzaError(
        `view (offset ${offset}, size [${size}], stride [${stride}]) reaches element ${last} of a storage of ${storageNumel}`,
        { file, field: name },
      );
    }
  }
  const out = new Uint8Array(count * itemBytes);
  if (isContiguous(size, stride)) {
    out.set(storage.subarray(offset * itemBytes, (offset + count) * itemBytes));
  } else {
    stridedCopy(storage, out, size, stride, offset, itemBytes);
  }
  return { dtype, shape: [...size], data: allocate(dtype, out) };
}

function isContiguous(size: number[], stride: number[]): boolean {
  let expected = 1;
  for (let d = size.length - 1; d >= 0; d--) {
    if (size[d]! !== 1 && stride[d]! !== expected) return false;
    expected *= size[d]!;
  }
  return true;
}

function stridedCopy(src: Uint8Array, dst: Uint8Array, size: number[], stride: number[], offset: number, itemBytes: number): void {
  const dims = size.length;
  const index = new Array<number>(dims).fill(0);
  const count = numel(size);
  let element = offset;
  for (let i = 0; i < count; i++) {
    dst.set(src.subarray(element * itemBytes, (element + 1) * itemBytes), i * itemBytes);
    // Odometer increment over the row-major index, tracking the storage element.
    for (let d = dims - 1; d >= 0; d--) {
      index[d]!++;
      element += stride[d]!;
      if (index[d]! < size[d]!) break;
      element -= stride[d]! * size[d]!;
      index[d] = 0;
    }
  }
}
