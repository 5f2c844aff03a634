import { ClockpizzaError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { tensorBytes } from './dtype.js';
import type { StorageType } from './pickle.js';
import { PickleWriter } from './pickle-writer.js';
import { STORAGE_DTYPE } from './pt.js';
import type { DType, Tensor, TensorMap } from './tensor.js';
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
  return encodePtValue({ stateDict: tensors }, file, root);
}

/**
 * A value `torch.save` could write, as plain data: ints (JS integers), floats (`{ float }`, so
 * that 1.0 stays a Python float), strings, bools, None, lists, tuples, dicts (entries in order),
 * single tensors and OrderedDict state dicts. Enough to write checkpoints the way other labs
 * nest them (`{'model': state_dict, 'optimizer': …, 'config': {…}}`).
 */
export type PtValue =
  | null
  | boolean
  | number
  | string
  | { float: number }
  | { tensor: Tensor }
  | { tuple: PtValue[] }
  | { list: PtValue[] }
  | { dict: [string | number, PtValue][] }
  | { stateDict: TensorMap };

/** A torch zip checkpoint holding `value` (a nested checkpoint when it is a dict); see encodePt. */
export function encodePtValue(value: PtValue, file = '<memory>', root = 'archive'): Uint8Array {
  const pickler = new TorchPickler(file);
  pickler.value(value);
  pickler.w.stop();
  return ptArchive(pickler.w.bytes(), pickler.storages, root);
}

/** Emits values as torch.save does, one storage per tensor, globals memoised on first use. */
class TorchPickler {
  readonly w = new PickleWriter().proto(2);
  readonly storages = new Map<string, Uint8Array>();
  private memo = 0;
  private orderedDict = -1;
  private rebuild = -1;
  private readonly storageGlobals = new Map<StorageType, number>();

  constructor(private readonly file: string) {}

  value(v: PtValue, name = ''): void {
    const w = this.w;
    if (v === null) w.none();
    else if (typeof v === 'boolean') w.bool(v);
    else if (typeof v === 'number') w.int(v);
    else if (typeof v === 'string') w.string(v);
    else if ('float' in v) w.float(v.float);
    else if ('tensor' in v) this.tensor(v.tensor, name);
    else if ('tuple' in v) {
      w.mark();
      for (const x of v.tuple) this.value(x, name);
      w.tuple();
    } else if ('list' in v) {
      w.emptyList();
      for (const x of v.list) {
        this.value(x, name);
        w.append();
      }
    } else if ('dict' in v) {
      w.emptyDict();
      for (const [k, x] of v.dict) {
        if (typeof k === 'number') w.int(k);
        else w.string(k);
        this.value(x, `${name}${name ? '.' : ''}${k}`);
        w.setitem();
      }
    } else this.stateDict(v.stateDict);
  }

  /** `OrderedDict()` filled with the tensors in one SETITEMS (memo slot after the OrderedDict global, as torch uses). */
  private stateDict(tensors: TensorMap): void {
    this.orderedDictCall();
    this.w.put(this.memo++).mark();
    for (const [name, tensor] of tensors) {
      this.w.string(name);
      this.tensor(tensor, name);
    }
    this.w.setitems();
  }

  private orderedDictCall(): void {
    if (this.orderedDict < 0) this.w.global('collections', 'OrderedDict').put((this.orderedDict = this.memo++));
    else this.w.get(this.orderedDict);
    this.w.emptyTuple().reduce();
  }

  /** `_rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())` over a fresh storage. */
  private tensor(tensor: Tensor, name: string): void {
    const w = this.w;
    const bytes = tensorBytes(tensor, name, this.file);
    const key = String(this.storages.size);
    this.storages.set(key, bytes);
    if (this.rebuild < 0) w.global('torch._utils', '_rebuild_tensor_v2').put((this.rebuild = this.memo++));
    else w.get(this.rebuild);
    const type = STORAGE_FOR[tensor.dtype];
    if (type === undefined) throw new ClockpizzaError(`dtype ${tensor.dtype} has no torch storage type`, { file: this.file, field: name });
    w.mark().mark().string('storage');
    const g = this.storageGlobals.get(type);
    if (g === undefined) {
      w.global('torch', type).put(this.memo);
      this.storageGlobals.set(type, this.memo++);
    } else {
      w.get(g);
    }
    w.string(key).string('cpu').int(tensor.data.length).tuple().binpersid();
    w.int(0).intTuple(tensor.shape).intTuple(rowMajorStrides(tensor.shape)).bool(false);
    this.orderedDictCall(); // backward_hooks = OrderedDict()
    w.tuple().reduce();
  }
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
