import { concat } from './zip-writer.js';

/**
 * Emits pickle opcodes one by one (protocol 2). Used by the `.pt` writer and by tests that
 * build hostile or malformed pickles byte by byte; it checks nothing on purpose.
 */
export class PickleWriter {
  private readonly parts: Uint8Array[] = [];
  private readonly encoder = new TextEncoder();

  /** Raw bytes (an opcode the class does not name, or garbage). */
  raw(...bytes: number[]): this {
    this.parts.push(Uint8Array.from(bytes));
    return this;
  }
  proto(version = 2): this {
    return this.raw(0x80, version);
  }
  /** GLOBAL 'module\nname\n'. */
  global(module: string, name: string): this {
    this.raw(0x63);
    this.parts.push(this.encoder.encode(`${module}\n${name}\n`));
    return this;
  }
  mark(): this {
    return this.raw(0x28);
  }
  emptyTuple(): this {
    return this.raw(0x29);
  }
  emptyDict(): this {
    return this.raw(0x7d);
  }
  emptyList(): this {
    return this.raw(0x5d);
  }
  none(): this {
    return this.raw(0x4e);
  }
  bool(value: boolean): this {
    return this.raw(value ? 0x88 : 0x89);
  }
  /** The shortest of BININT1 / BININT2 / BININT / LONG1, as Python picks. */
  int(value: number): this {
    if (Number.isInteger(value) && value >= 0 && value < 0x100) return this.raw(0x4b, value);
    if (Number.isInteger(value) && value >= 0 && value < 0x10000) return this.raw(0x4d, value & 0xff, value >> 8);
    if (Number.isInteger(value) && value >= -0x80000000 && value < 0x80000000) {
      const b = new Uint8Array(5);
      b[0] = 0x4a;
      new DataView(b.buffer).setInt32(1, value, true);
      this.parts.push(b);
      return this;
    }
    let v = BigInt(value);
    const bytes: number[] = [];
    while (true) {
      bytes.push(Number(v & 0xffn));
      v >>= 8n;
      const sign = bytes[bytes.length - 1]! & 0x80;
      if ((v === 0n && !sign) || (v === -1n && sign)) break;
    }
    return this.raw(0x8a, bytes.length, ...bytes);
  }
  float(value: number): this {
    const b = new Uint8Array(9);
    b[0] = 0x47;
    new DataView(b.buffer).setFloat64(1, value, false);
    this.parts.push(b);
    return this;
  }
  /** BINUNICODE. */
  string(value: string): this {
    const text = this.encoder.encode(value);
    const head = new Uint8Array(5);
    head[0] = 0x58;
    new DataView(head.buffer).setUint32(1, text.length, true);
    this.parts.push(head, text);
    return this;
  }
  tuple(): this {
    return this.raw(0x74);
  }
  tuple2(): this {
    return this.raw(0x86);
  }
  /** A tuple of ints, via MARK … TUPLE (TUPLE1/2/3 are exercised by `raw`). */
  intTuple(values: readonly number[]): this {
    if (values.length === 0) return this.emptyTuple();
    this.mark();
    for (const v of values) this.int(v);
    return this.tuple();
  }
  put(index: number): this {
    return index < 0x100 ? this.raw(0x71, index) : this.raw(0x72, index & 0xff, (index >> 8) & 0xff, (index >> 16) & 0xff, index >>> 24);
  }
  get(index: number): this {
    return index < 0x100 ? this.raw(0x68, index) : this.raw(0x6a, index & 0xff, (index >> 8) & 0xff, (index >> 16) & 0xff, index >>> 24);
  }
  binpersid(): this {
    return this.raw(0x51);
  }
  reduce(): this {
    return this.raw(0x52);
  }
  build(): this {
    return this.raw(0x62);
  }
  setitem(): this {
    return this.raw(0x73);
  }
  setitems(): this {
    return this.raw(0x75);
  }
  append(): this {
    return this.raw(0x61);
  }
  stop(): this {
    return this.raw(0x2e);
  }
  bytes(): Uint8Array {
    return concat(this.parts);
  }
}
