import { endianness } from 'node:os';
import { ClockpizzaError } from '../errors.js';
import { readInputFile } from './read-input.js';
import { type DType, type Tensor, type TensorMap, numel } from './tensor.js';
import { allocate, DTYPE_BYTES } from './dtype.js';
import { locateStateDict } from './nested-checkpoint.js';
import { PyDict, type StorageType, TensorRef, describePy, unpickle } from './pickle.js';
import { openZip, type ZipArchive } from './zip.js';

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

/**
 * What one checkpoint may make the reader hold, whatever its pickle and zip directory claim:
 * at most this many bytes of storages (read or inflated) and, separately, of tensors once
 * materialised. Both are checked on declared sizes before anything is inflated or allocated.
 * The paper's largest models (4 layers, d = 512) need about 50 MB.
 */
export const MAX_CHECKPOINT_BYTES = 256 * 2 ** 20;
/** A state dict's pickle takes well under 1 KB per tensor. */
export const MAX_PICKLE_BYTES = 16 * 2 ** 20;

/** Reads a torch `.pt` (zip) state dict. */
export function readPt(path: string): TensorMap {
  return parsePt(readInputFile(path), path);
}

/** What a `.pt` holds for clockpizza: its state dict, where it was found, and its own config dict. */
export interface PtContents {
  tensors: TensorMap;
  /** The state dict's dotted path in a nested checkpoint (nested-checkpoint.ts); undefined for a bare state dict. */
  stateDictKey?: string;
  /** The checkpoint's plain `config` dict, when it has one. */
  config?: Record<string, unknown>;
}

export interface PtOptions {
  /** --key: the state dict's dotted path in a nested checkpoint (default: found by nested-checkpoint.ts). */
  key?: string;
}

/** parsePtContents' tensors. */
export function parsePt(bytes: Uint8Array, file: string, options: PtOptions = {}): TensorMap {
  return parsePtContents(bytes, file, options).tensors;
}

/**
 * Parses a torch zip checkpoint: `<root>/data.pkl` through the restricted unpickler, storages
 * from `<root>/data/<key>` (little-endian). Tensors come back in the pickle's (file) order,
 * each a fresh dense row-major copy (strided views are gathered; shared storages are read once).
 * The top level is a dict of tensors or a checkpoint dict holding one (nested-checkpoint.ts);
 * only the state dict's storages are read. Every view, storage and zip entry is checked against
 * the others and against the byte limits before the first storage is read.
 */
export function parsePtContents(bytes: Uint8Array, file: string, options: PtOptions = {}): PtContents {
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
  const pklSize = zip.entries.get(pklName)!.size;
  if (pklSize > MAX_PICKLE_BYTES) {
    throw new ClockpizzaError(`is ${formatBytes(pklSize)} by the zip directory, over the ${formatBytes(MAX_PICKLE_BYTES)} limit for a state dict's pickle`, { file, field: pklName });
  }
  const top = unpickle(zip.read(pklName), file, pklName);
  if (!(top instanceof PyDict)) {
    throw new ClockpizzaError(`top level of the pickle is ${describePy(top)}, expected a state dict (a dict of tensors)`, { file, field: pklName });
  }
  const { stateDict, key, config } = locateStateDict(top, file, pklName, options.key);

  const plan = planTensors(stateDict, zip, root, file, key);
  const storageBytes = new Map<string, Uint8Array>();
  for (const [key, storage] of plan.storages) storageBytes.set(key, zip.read(storage.entry));
  const tensors: TensorMap = new Map();
  for (const [name, ref] of plan.tensors) tensors.set(name, rebuildTensor(ref, storageBytes.get(ref.storage.key)!));
  return { tensors, ...(key !== undefined ? { stateDictKey: key } : {}), ...(config !== undefined ? { config } : {}) };
}

interface StoragePlan {
  type: StorageType;
  numel: number;
  entry: string;
}

/**
 * Checks every tensor of the state dict on what the pickle and the zip directory declare, and
 * nothing else: each view lies inside its storage, each storage is used with one type and size
 * and its entry holds exactly that many bytes, and the totals stay within MAX_CHECKPOINT_BYTES.
 */
function planTensors(top: PyDict, zip: ZipArchive, root: string, file: string, at?: string): { tensors: Map<string, TensorRef>; storages: Map<string, StoragePlan> } {
  const tensors = new Map<string, TensorRef>();
  const storages = new Map<string, StoragePlan>();
  let storageTotal = 0;
  let tensorTotal = 0;
  for (const [key, value] of top.entries) {
    if (typeof key !== 'string') throw new ClockpizzaError(`state dict key ${String(key)} is not a string`, { file, ...(at !== undefined ? { field: at } : {}) });
    const fail = (message: string): never => {
      throw new ClockpizzaError(message, { file, field: at === undefined ? key : `${at}: ${key}` });
    };
    if (!(value instanceof TensorRef)) return fail(`holds ${describePy(value)}, not a tensor`);
    const { storageType, key: storageKey, numel: storageNumel } = value.storage;
    const itemBytes = DTYPE_BYTES[STORAGE_DTYPE[storageType]];
    const seen = storages.get(storageKey);
    if (seen === undefined) {
      const entry = `${root}/data/${storageKey}`;
      const declared = zip.entries.get(entry);
      if (declared === undefined) fail(`storage entry '${entry}' is missing from the archive`);
      const expected = storageNumel * itemBytes;
      if (declared!.size !== expected) fail(`storage '${entry}' has ${declared!.size} bytes, expected ${storageNumel} × ${storageType} = ${expected}`);
      storageTotal += expected;
      if (storageTotal > MAX_CHECKPOINT_BYTES) {
        const withEarlier = storageTotal > expected ? `, ${formatBytes(storageTotal)} with the storages before it` : '';
        fail(
          `storage '${entry}' (${storageNumel} × ${storageType}) would take ${formatBytes(expected)} once inflated${withEarlier}, ` +
            `over the reader's limit of ${formatBytes(MAX_CHECKPOINT_BYTES)} per checkpoint`,
        );
      }
      storages.set(storageKey, { type: storageType, numel: storageNumel, entry });
    } else if (seen.type !== storageType) {
      fail(`storage '${storageKey}' is used as both ${seen.type} and ${storageType}`);
    } else if (seen.numel !== storageNumel) {
      fail(`storage '${storageKey}' is declared with both ${seen.numel} and ${storageNumel} elements`);
    }

    const { size, stride, offset } = value;
    const count = numel(size);
    if (count > 0) {
      let last = offset;
      for (let d = 0; d < size.length; d++) last += (size[d]! - 1) * stride[d]!;
      if (last >= storageNumel) {
        fail(`view (offset ${offset}, size [${size}], stride [${stride}]) reaches element ${last} of a storage of ${storageNumel}`);
      }
    }
    const bytes = count * itemBytes;
    if (!Number.isSafeInteger(bytes)) fail(`shape [${size}] is too large`);
    tensorTotal += bytes;
    if (tensorTotal > MAX_CHECKPOINT_BYTES) {
      const withEarlier = tensorTotal > bytes ? `, ${formatBytes(tensorTotal)} with the tensors before it` : '';
      fail(
        `view (size [${size}], stride [${stride}]) of ${storageType} would take ${formatBytes(bytes)} once materialised${withEarlier}, ` +
          `over the reader's limit of ${formatBytes(MAX_CHECKPOINT_BYTES)} per checkpoint`,
      );
    }
    tensors.set(key, value);
  }
  return { tensors, storages };
}

/** `_rebuild_tensor_v2`: the (offset, size, stride) view of a storage (already checked), copied to dense row-major. */
function rebuildTensor(ref: TensorRef, storage: Uint8Array): Tensor {
  const dtype = STORAGE_DTYPE[ref.storage.storageType];
  const itemBytes = DTYPE_BYTES[dtype];
  const { size, stride, offset } = ref;
  const count = numel(size);
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

/** Copies element by element through views of the item's width (bit patterns kept: no float round trip). */
function stridedCopy(storage: Uint8Array, dst: Uint8Array, size: number[], stride: number[], offset: number, itemBytes: number): void {
  const src = storage.byteOffset % 8 === 0 ? storage : new Uint8Array(storage);
  const view = <T>(make: (buffer: ArrayBufferLike, byteOffset: number, length: number) => T, bytes: Uint8Array): T =>
    make(bytes.buffer, bytes.byteOffset, bytes.byteLength / itemBytes);
  const [from, to] =
    itemBytes === 8 ? [view((b, o, n) => new BigUint64Array(b, o, n), src), view((b, o, n) => new BigUint64Array(b, o, n), dst)]
    : itemBytes === 4 ? [view((b, o, n) => new Uint32Array(b, o, n), src), view((b, o, n) => new Uint32Array(b, o, n), dst)]
    : itemBytes === 2 ? [view((b, o, n) => new Uint16Array(b, o, n), src), view((b, o, n) => new Uint16Array(b, o, n), dst)]
    : [src, dst];
  const dims = size.length;
  const index = new Array<number>(dims).fill(0);
  const count = numel(size);
  let element = offset;
  for (let i = 0; i < count; i++) {
    to[i] = from[element]!;
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

/** Bytes for messages: exact below 1 MiB, else in MiB or GiB. */
function formatBytes(n: number): string {
  if (n < 2 ** 20) return `${n} bytes`;
  if (n < 2 ** 30) return `${(n / 2 ** 20).toFixed(n % 2 ** 20 === 0 ? 0 : 1)} MiB`;
  return `${(n / 2 ** 30).toFixed(n % 2 ** 30 === 0 ? 0 : 1)} GiB`;
}
