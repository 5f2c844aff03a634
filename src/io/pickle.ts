import { ClockpizzaError } from '../errors.js';

/**
 * A restricted unpickler for torch state dicts. It interprets the pickle opcodes as pure data
 * construction: the only globals it accepts are `collections.OrderedDict`,
 * `torch._utils._rebuild_tensor_v2` and the `torch.<X>Storage` types, and "calling" them only
 * builds the inert records below. Any other global is refused by name at the opcode that names
 * it, so nothing from a file is ever run. Every read is bounds-checked, and the stack, the mark
 * stack and the memo are bounded.
 */

/** A Python tuple (kept distinct from a list). */
export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}
export class PyList {
  constructor(readonly items: PyValue[]) {}
}
/** A dict or an OrderedDict; keys keep insertion order, as in Python. */
export class PyDict {
  readonly entries = new Map<PyKey, PyValue>();
  constructor(readonly ordered: boolean) {}
}
/** One of the accepted globals, as a name only. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}
/** A persistent id `('storage', torch.<X>Storage, key, location, numel)`. */
export class StorageRef {
  constructor(
    readonly storageType: StorageType,
    readonly key: string,
    readonly location: string,
    readonly numel: number,
  ) {}
}
/** The arguments of `torch._utils._rebuild_tensor_v2`, not yet resolved against storage bytes. */
export class TensorRef {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly size: number[],
    readonly stride: number[],
    readonly requiresGrad: boolean,
  ) {}
}

export type PyKey = string | number | bigint | boolean | null;
export type PyValue = PyKey | PyTuple | PyList | PyDict | PyGlobal | StorageRef | TensorRef;

export const STORAGE_TYPES = [
  'FloatStorage',
  'DoubleStorage',
  'HalfStorage',
  'BFloat16Storage',
  'LongStorage',
  'IntStorage',
  'ShortStorage',
  'CharStorage',
  'ByteStorage',
  'BoolStorage',
] as const;
export type StorageType = (typeof STORAGE_TYPES)[number];

export interface UnpickleLimits {
  maxStack: number;
  maxMemo: number;
  maxMarks: number;
}

const DEFAULT_LIMITS: UnpickleLimits = { maxStack: 1 << 20, maxMemo: 1 << 20, maxMarks: 1 << 16 };
const MAX_GLOBAL_LINE = 256;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A pickle value's kind in words, for error messages. */
export function describePy(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number' || typeof value === 'bigint') return 'an int';
  if (typeof value === 'boolean') return 'a bool';
  if (value instanceof PyTuple) return 'a tuple';
  if (value instanceof PyList) return 'a list';
  if (value instanceof PyDict) return value.ordered ? 'an OrderedDict' : 'a dict';
  if (value instanceof PyGlobal) return `the global ${value.qualifiedName}`;
  if (value instanceof StorageRef) return 'a storage';
  return 'a tensor';
}

const MARK = Symbol('mark');
type StackItem = PyValue | typeof MARK;

/**
 * Unpickles `bytes` (protocols 2–5, the opcodes torch state dicts use). `file` and `entry`
 * name the source in errors.
 */
export function unpickle(bytes: Uint8Array, file: string, entry = 'data.pkl', limits: UnpickleLimits = DEFAULT_LIMITS): PyValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PyValue>();
  let pos = 0;
  let opStart = 0;
  let opName = '';

  const fail = (message: string): never => {
    throw new ClockpizzaError(`${message} (opcode ${opName} at byte ${opStart})`, { file, field: entry });
  };
  const need = (n: number): void => {
    if (pos + n > bytes.length) fail(`truncated: needs ${n} more byte(s), ${bytes.length - pos} left`);
  };
  const u8 = (): number => {
    need(1);
    return bytes[pos++]!;
  };
  const u16 = (): number => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = (): number => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const take = (n: number): Uint8Array => {
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const text = (n: number): string => {
    const raw = take(n);
    try {
      return utf8.decode(raw);
    } catch {
      return fail('string is not valid UTF-8');
    }
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0 || end - pos > MAX_GLOBAL_LINE) fail('unterminated or over-long GLOBAL name');
    const s = text(end - pos);
    pos++;
    return s;
  };
  const push = (v: PyValue): void => {
    if (stack.length >= limits.maxStack) fail(`stack exceeds ${limits.maxStack} items`);
    stack.push(v);
  };
  const pop = (): PyValue => {
    const floor = marks.length ? marks[marks.length - 1]! : 0;
    if (stack.length <= floor) fail('stack underflow');
    return stack.pop() as PyValue;
  };
  const top = (): PyValue => {
    const floor = marks.length ? marks[marks.length - 1]! : 0;
    if (stack.length <= floor) fail('stack underflow');
    return stack[stack.length - 1] as PyValue;
  };
  const popMark = (): PyValue[] => {
    if (!marks.length) fail('no MARK to pop to');
    const at = marks.pop()!;
    return stack.splice(at) as PyValue[];
  };
  const memoPut = (index: number): void => {
    if (!memo.has(index) && memo.size >= limits.maxMemo) fail(`memo exceeds ${limits.maxMemo} entries`);
    memo.set(index, top());
  };
  const memoGet = (index: number): void => {
    if (!memo.has(index)) fail(`memo index ${index} is not set`);
    push(memo.get(index)!);
  };
  const global = (module: string, name: string): PyGlobal => {
    if (module === 'collections' && name === 'OrderedDict') return new PyGlobal(module, name);
    if (module === 'torch._utils' && name === '_rebuild_tensor_v2') return new PyGlobal(module, name);
    if (module === 'torch' && (STORAGE_TYPES as readonly string[]).includes(name)) return new PyGlobal(module, name);
    return fail(`refuses global ${module}.${name} (only collections.OrderedDict, torch._utils._rebuild_tensor_v2 and torch.*Storage are allowed; nothing is executed)`);
  };
  const asInt = (v: PyValue, what: string): number => {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    return fail(`${what} must be an int, got ${describePy(v)}`);
  };
  const intTuple = (v: PyValue, what: string): number[] => {
    if (!(v instanceof PyTuple)) return fail(`${what} must be a tuple, got ${describePy(v)}`);
    return v.items.map((x) => {
      const n = asInt(x, `${what} entry`);
      if (n < 0) fail(`${what} entry ${n} is negative`);
      return n;
    });
  };
  const reduce = (callable: PyValue, args: PyValue): PyValue => {
    if (!(callable instanceof PyGlobal)) return fail(`REDUCE on ${describePy(callable)}, not a callable global`);
    if (!(args instanceof PyTuple)) return fail(`REDUCE arguments must be a tuple, got ${describePy(args)}`);
    if (callable.name === 'OrderedDict') {
      if (args.items.length !== 0) fail('OrderedDict(...) with arguments is not supported');
      return new PyDict(true);
    }
    if (callable.name === '_rebuild_tensor_v2') {
      const a = args.items;
      if (a.length !== 6 && a.length !== 7) fail(`_rebuild_tensor_v2 takes 6 or 7 arguments, got ${a.length}`);
      const [storage, offset, size, stride, requiresGrad, hooks, metadata] = a;
      if (!(storage instanceof StorageRef)) return fail(`_rebuild_tensor_v2 storage must be a persistent storage, got ${describePy(storage!)}`);
      const off = asInt(offset!, 'storage offset');
      if (off < 0) fail(`storage offset ${off} is negative`);
      const sizes = intTuple(size!, 'size');
      const strides = intTuple(stride!, 'stride');
      if (sizes.length !== strides.length) fail(`size has ${sizes.length} dims but stride has ${strides.length}`);
      if (typeof requiresGrad !== 'boolean') fail(`requires_grad must be a bool, got ${describePy(requiresGrad!)}`);
      if (!(hooks instanceof PyDict) || hooks.entries.size !== 0) fail('backward_hooks must be an empty OrderedDict');
      if (metadata !== undefined && metadata !== null && !(metadata instanceof PyDict)) fail('tensor metadata must be a dict or None');
      return new TensorRef(storage, off, sizes, strides, requiresGrad as boolean);
    }
    return fail(`${callable.qualifiedName} is a storage type and cannot be called`);
  };
  const persistent = (pid: PyValue): StorageRef => {
    if (!(pid instanceof PyTuple) || pid.items.length !== 5 || pid.items[0] !== 'storage') {
      return fail("persistent id must be ('storage', type, key, location, numel)");
    }
    const [, type, key, location, numel] = pid.items;
    if (!(type instanceof PyGlobal) || type.module !== 'torch' || !(STORAGE_TYPES as readonly string[]).includes(type.name)) {
      return fail(`persistent id storage type must be a torch.*Storage, got ${describePy(type!)}`);
    }
    if (typeof key !== 'string') return fail('persistent id key must be a string');
    if (typeof location !== 'string') return fail('persistent id location must be a string');
    const n = asInt(numel!, 'storage numel');
    if (n < 0) fail(`storage numel ${n} is negative`);
    return new StorageRef(type.name as StorageType, key, location, n);
  };
  const setItems = (dict: PyValue, items: PyValue[]): void => {
    if (!(dict instanceof PyDict)) return fail(`SETITEM(S) on ${describePy(dict)}, not a dict`);
    if (items.length % 2) fail('SETITEMS with an odd number of items');
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i]!;
      if (key !== null && typeof key === 'object') fail(`dict key must be a str/int/bool/None, got ${describePy(key)}`);
      dict.entries.set(key as PyKey, items[i + 1]!);
    }
  };
  const append = (list: PyValue, items: PyValue[]): void => {
    if (!(list instanceof PyList)) return fail(`APPEND(S) on ${describePy(list)}, not a list`);
    for (const item of items) list.items.push(item);
  };

  while (true) {
    opStart = pos;
    if (pos >= bytes.length) {
      opName = 'end of data';
      fail('pickle ends without STOP');
    }
    const op = bytes[pos++]!;
    opName = OPCODE_NAMES.get(op) ?? `0x${op.toString(16).padStart(2, '0')}`;
    switch (op) {
      case 0x80: {
        const proto = u8();
        if (proto < 2 || proto > 5) fail(`unsupported pickle protocol ${proto}`);
        break;
      }
      case 0x95: {
        // FRAME: an 8-byte length hint; the frame's bytes follow inline.
        need(8);
        const length = view.getBigUint64(pos, true);
        pos += 8;
        if (length > BigInt(bytes.length - pos)) fail(`frame of ${length} bytes runs past the end`);
        break;
      }
      case 0x2e: {
        // STOP
        if (marks.length) fail('STOP with an open MARK');
        if (stack.length !== 1) fail(`STOP with ${stack.length} items on the stack (expected 1)`);
        return stack[0] as PyValue;
      }
      case 0x28:
        if (marks.length >= limits.maxMarks) fail(`more than ${limits.maxMarks} nested MARKs`);
        marks.push(stack.length);
        break;
      case 0x7d:
        push(new PyDict(false));
        break;
      case 0x29:
        push(new PyTuple([]));
        break;
      case 0x5d:
        push(new PyList([]));
        break;
      case 0x4e:
        push(null);
        break;
      case 0x88:
        push(true);
        break;
      case 0x89:
        push(false);
        break;
      case 0x4a: {
        need(4);
        const v = view.getInt32(pos, true);
        pos += 4;
        push(v);
        break;
      }
      case 0x4b:
        push(u8());
        break;
      case 0x4d:
        push(u16());
        break;
      case 0x8a: {
        const n = u8();
        push(decodeLong(take(n), fail));
        break;
      }
      case 0x8b: {
        const n = u32();
        if (n > 8) fail(`LONG4 of ${n} bytes is too large`);
        push(decodeLong(take(n), fail));
        break;
      }
      case 0x47: {
        need(8);
        push(view.getFloat64(pos, false));
        pos += 8;
        break;
      }
      case 0x58:
        push(text(u32()));
        break;
      case 0x8c:
        push(text(u8()));
        break;
      case 0x8d: {
        need(8);
        const n = view.getBigUint64(pos, true);
        pos += 8;
        if (n > BigInt(bytes.length - pos)) fail(`string of ${n} bytes runs past the end`);
        push(text(Number(n)));
        break;
      }
      case 0x71:
        memoPut(u8());
        break;
      case 0x72:
        memoPut(u32());
        break;
      case 0x94:
        memoPut(memo.size);
        break;
      case 0x68:
        memoGet(u8());
        break;
      case 0x6a:
        memoGet(u32());
        break;
      case 0x74:
        push(new PyTuple(popMark()));
        break;
      case 0x85: {
        const a = pop();
        push(new PyTuple([a]));
        break;
      }
      case 0x86: {
        const b = pop();
        const a = pop();
        push(new PyTuple([a, b]));
        break;
      }
      case 0x87: {
        const c = pop();
        const b = pop();
        const a = pop();
        push(new PyTuple([a, b, c]));
        break;
      }
      case 0x63: {
        const module = line();
        const name = line();
        push(global(module, name));
        break;
      }
      case 0x93: {
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL needs two strings');
        push(global(module as string, name as string));
        break;
      }
      case 0x51:
        push(persistent(pop()));
        break;
      case 0x52: {
        const args = pop();
        const callable = pop();
        push(reduce(callable, args));
        break;
      }
      case 0x62: {
        const state = pop();
        const target = top();
        if (!(target instanceof PyDict) || !target.ordered) fail(`BUILD on ${describePy(target)} (only an OrderedDict's attributes are accepted)`);
        // torch stores the state dict's `_metadata` attribute here; it carries no tensor data.
        if (state !== null && !(state instanceof PyDict)) fail(`BUILD state must be a dict or None, got ${describePy(state)}`);
        break;
      }
      case 0x73: {
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x61: {
        const item = pop();
        append(top(), [item]);
        break;
      }
      case 0x65: {
        const items = popMark();
        append(top(), items);
        break;
      }
      case 0x30:
        pop();
        break;
      case 0x31:
        popMark();
        break;
      default:
        fail(`unsupported opcode ${opName}`);
    }
  }
}

function decodeLong(raw: Uint8Array, fail: (m: string) => never): number {
  if (raw.length === 0) return 0;
  let v = 0n;
  for (let i = raw.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(raw[i]!);
  if (raw[raw.length - 1]! & 0x80) v -= 1n << BigInt(8 * raw.length);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) fail(`integer ${v} is too large`);
  return Number(v);
}

/** Names for error messages (pickletools' names), including opcodes we refuse. */
const OPCODE_NAMES = new Map<number, string>([
  [0x80, 'PROTO'], [0x95, 'FRAME'], [0x2e, 'STOP'], [0x28, 'MARK'], [0x7d, 'EMPTY_DICT'],
  [0x29, 'EMPTY_TUPLE'], [0x5d, 'EMPTY_LIST'], [0x4e, 'NONE'], [0x88, 'NEWTRUE'], [0x89, 'NEWFALSE'],
  [0x4a, 'BININT'], [0x4b, 'BININT1'], [0x4d, 'BININT2'], [0x8a, 'LONG1'], [0x8b, 'LONG4'],
  [0x47, 'BINFLOAT'], [0x58, 'BINUNICODE'], [0x8c, 'SHORT_BINUNICODE'], [0x8d, 'BINUNICODE8'],
  [0x71, 'BINPUT'], [0x72, 'LONG_BINPUT'], [0x94, 'MEMOIZE'], [0x68, 'BINGET'], [0x6a, 'LONG_BINGET'],
  [0x74, 'TUPLE'], [0x85, 'TUPLE1'], [0x86, 'TUPLE2'], [0x87, 'TUPLE3'], [0x63, 'GLOBAL'],
  [0x93, 'STACK_GLOBAL'], [0x51, 'BINPERSID'], [0x52, 'REDUCE'], [0x62, 'BUILD'], [0x73, 'SETITEM'],
  [0x75, 'SETITEMS'], [0x61, 'APPEND'], [0x65, 'APPENDS'], [0x30, 'POP'], [0x31, 'POP_MARK'],
  [0x69, 'INST'], [0x6f, 'OBJ'], [0x81, 'NEWOBJ'], [0x92, 'NEWOBJ_EX'], [0x50, 'PERSID'],
  [0x82, 'EXT1'], [0x83, 'EXT2'], [0x84, 'EXT4'], [0x32, 'DUP'], [0x49, 'INT'], [0x4c, 'LONG'],
  [0x53, 'STRING'], [0x54, 'BINSTRING'], [0x55, 'SHORT_BINSTRING'], [0x56, 'UNICODE'], [0x46, 'FLOAT'],
  [0x42, 'BINBYTES'], [0x43, 'SHORT_BINBYTES'], [0x8e, 'BINBYTES8'], [0x96, 'BYTEARRAY8'],
  [0x97, 'NEXT_BUFFER'], [0x98, 'READONLY_BUFFER'], [0x8f, 'EMPTY_SET'], [0x90, 'ADDITEMS'],
  [0x91, 'FROZENSET'], [0x67, 'GET'], [0x70, 'PUT'], [0x64, 'DICT'], [0x6c, 'LIST'],
]);
