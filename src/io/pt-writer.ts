import { ClockpizzaError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { tensorBytes } from './dtype.js';
import type { StorageType } from './pickle.js';
import { PickleWriter } from './pickle-writer.js';
import { STORAGE_DTYPE } from './pt.js';
import type { DType, TensorMap } from './tensor.js';
import { encodeZip, type ZipInput } from './zip-writer.js';

const STORAGE_FOR = Object.fromEntries(Object.entries(STORAGE_DTYPE).map(([s, d]) => [d, s])) as Record<DType, StorageType>;

/** Writes `tensors` as a torch-loadable `.pt` state dict (atomically). */
export function writePt(path: string, tensors: TensorMap): void {
  writeFileAtomic(path, encodePt(tensors, path));
}

/**
 * The bytes of a torch zip checkpoint holding `tensors` as an OrderedDict state dict, the way
 * `torch.save` lays it out: `<root>/data.pkl` (protocol 2), one storage per tensor in
 * `<root>/data/<i>`, `<root>/byteorder` "little" and `<root>/version` "3". Deterministic.
 */
export function encodePt(tensors: TensorMap, file = '<memory>', root = 'archive'): Uint8Array {
  const storages = new Map<string, Uint8Array>();
  const w = new PickleWriter().proto(2);
  // Memo slots as torch uses them: 0 = OrderedDict, 1 = the state dict, 2 = _rebuild_tensor_v2.
  w.global('collections', 'OrderedDict').put(0).emptyTuple().reduce().put(1);
  let memo = 2;
  let rebuild = -1;
  const storageGlobals = new Map<StorageType, number>();
  w.mark();
  for (const [name, tensor] of tensors) {
    const bytes = tensorBytes(tensor, name, file);
    const key = String(storages.size);
    storages.set(key, bytes);
    w.string(name);
    if (rebuild < 0) {
      w.global('torch._utils', '_rebuild_tensor_v2').put((rebuild = memo++));
    } else {
      w.get(rebuild);
    }
    const type = STORAGE_FOR[tensor.dtype];
    if (type === undefined) throw new ClockpizzaError(`dtype ${tensor.dtype} has no torch storage type`, { file, field: name });
    w.mark().mark().string('storage');
    const g = storageGlobals.get(type);
    if (g === undefined) {
      w.global('torch', type).put(memo);
      storageGlobals.set(type, memo++);
    } else {
      w.get(g);
    }
    w.string(key).string('cpu').int(tensor.data.length).tuple().binpersid();
    w.int(0).intTuple(tensor.shape).intTuple(rowMajorStrides(tensor.shape)).bool(false);
    w.get(0).emptyTuple().reduce(); // backward_hooks = OrderedDict()
    w.tuple().reduce();
  }
  w.setitems().stop();
  return ptArchive(w.bytes(), storages, root);
}

/** A torch-style zip around an arbitrary `data.pkl` (tests use it for hostile pickles). */
export function ptArchive(pickle: Uint8Array, storages: ReadonlyMap<string, Uint8Array> = new Map(), root = 'archive'): Uint8Array {
  const entries: ZipInput[] = [{ name: `${root}/data.pkl`, data: pickle }];
  for (const [key, data] of storages) entries.push({ name: `${root}/data/${key}`, data });
  entries.push({ name: `${root}/byteorder`, data: new TextEncoder().encode('little') });
  entries.push({ name: `${root}/version`, data: new TextEncoder().encode('3\n') });
  return encodeZip(entries);
}

export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return strides;
}

/** One `_rebuild_tensor_v2` call as a pickle states it; nothing is checked (tests state hostile views). */
export interface TensorView {
  name: string;
  storageType: StorageType;
  storageKey: string;
  storageNumel: number;
  offset: number;
  size: readonly number[];
  stride: readonly number[];
}

/** The pickle of an OrderedDict state dict holding `views`, in order (pair it with storages through `ptArchive`). */
export function viewsPickle(views: readonly TensorView[]): Uint8Array {
  const w = new PickleWriter().proto(2).global('collections', 'OrderedDict').put(0).emptyTuple().reduce().mark();
  for (const v of views) {
    w.string(v.name).global('torch._utils', '_rebuild_tensor_v2');
    w.mark().mark().string('storage').global('torch', v.storageType).string(v.storageKey).string('cpu').int(v.storageNumel).tuple().binpersid();
    w.int(v.offset).intTuple(v.size).intTuple(v.stride).bool(false).get(0).emptyTuple().reduce().tuple().reduce();
  }
  return w.setitems().stop().bytes();
}
