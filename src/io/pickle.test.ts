import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { clockpizzaErrorOf, succeedsOrClockpizzaError } from '../../test/support/error-of.js';
import { PyDict, PyList, PyTuple, StorageRef, TensorRef, unpickle } from './pickle.js';
import { PickleWriter } from './pickle-writer.js';

const load = (w: PickleWriter) => unpickle(w.bytes(), 'f.pt', 'archive/data.pkl');
const refused = (w: PickleWriter) => clockpizzaErrorOf(() => load(w)).message;

describe('restricted unpickler: data', () => {
  test('builds dicts, lists, tuples, ints, floats, strings, bools and None', () => {
    const w = new PickleWriter().proto(2).emptyDict().put(0);
    w.mark().string('ints').mark().int(0).int(255).int(256).int(65536).int(-1).int(2 ** 40).int(-(2 ** 40)).tuple();
    w.string('misc').mark().float(0.5).bool(true).bool(false).none().string('é∑').tuple();
    w.string('list').emptyList().int(1).append().setitems().stop();
    const d = load(w) as PyDict;
    expect([...d.entries.keys()]).toEqual(['ints', 'misc', 'list']);
    expect((d.entries.get('ints') as PyTuple).items).toEqual([0, 255, 256, 65536, -1, 2 ** 40, -(2 ** 40)]);
    expect((d.entries.get('misc') as PyTuple).items).toEqual([0.5, true, false, null, 'é∑']);
    expect((d.entries.get('list') as PyList).items).toEqual([1]);
  });

  test('TUPLE1/2/3 and BINGET share memoised objects', () => {
    const w = new PickleWriter().proto(2).int(1).put(0).get(0).tuple2().get(0).get(0).get(0).raw(0x87).raw(0x86).raw(0x85).stop();
    const t = load(w) as PyTuple;
    expect(t.items.length).toBe(1);
  });

  test('rebuilds tensor references from persistent ids', () => {
    const w = new PickleWriter().proto(2).global('torch._utils', '_rebuild_tensor_v2');
    w.mark().mark().string('storage').global('torch', 'DoubleStorage').string('7').string('cuda:0').int(6).tuple().binpersid();
    w.int(2).intTuple([2, 2]).intTuple([1, 2]).bool(true).global('collections', 'OrderedDict').emptyTuple().reduce().tuple().reduce().stop();
    const t = load(w) as TensorRef;
    expect(t).toBeInstanceOf(TensorRef);
    expect(t.storage).toEqual(new StorageRef('DoubleStorage', '7', 'cuda:0', 6));
    expect([t.offset, t.size, t.stride, t.requiresGrad]).toEqual([2, [2, 2], [1, 2], true]);
  });
});

describe('restricted unpickler: refuses', () => {
  test('GLOBAL os.system, naming it, before anything could be called', () => {
    const marker = '/tmp/clockpizza-pickle-test-marker';
    const w = new PickleWriter().proto(2).global('os', 'system').string(`touch ${marker}`).raw(0x85).reduce().stop();
    const message = refused(w);
    expect(message).toMatch(/^f\.pt: archive\/data\.pkl: refuses global os\.system .*\(opcode GLOBAL at byte 2\)$/);
    expect(existsSync(marker)).toBe(false);
  });

  test('builtins.eval and STACK_GLOBAL spellings of other callables', () => {
    expect(refused(new PickleWriter().proto(2).global('builtins', 'eval'))).toMatch(/refuses global builtins\.eval/);
    const stackGlobal = new PickleWriter().proto(4).string('subprocess').string('Popen').raw(0x93);
    expect(refused(stackGlobal)).toMatch(/refuses global subprocess\.Popen .*opcode STACK_GLOBAL/);
    expect(refused(new PickleWriter().proto(2).global('torch', 'load'))).toMatch(/refuses global torch\.load/);
    expect(refused(new PickleWriter().proto(2).global('collections ', 'OrderedDict'))).toMatch(/refuses global/);
  });

  test('opcodes outside the subset, naming the opcode and byte offset', () => {
    expect(refused(new PickleWriter().proto(2).emptyList().raw(0x81))).toMatch(/unsupported opcode NEWOBJ \(opcode NEWOBJ at byte 3\)/);
    expect(refused(new PickleWriter().proto(2).raw(0x69))).toMatch(/unsupported opcode INST/);
    expect(refused(new PickleWriter().proto(2).raw(0xff))).toMatch(/unsupported opcode 0xff/);
  });

  test('calling a storage type, BUILD on non-OrderedDicts, REDUCE on data', () => {
    expect(refused(new PickleWriter().proto(2).global('torch', 'FloatStorage').emptyTuple().reduce())).toMatch(/storage type and cannot be called/);
    expect(refused(new PickleWriter().proto(2).emptyList().emptyDict().build())).toMatch(/BUILD on a list/);
    expect(refused(new PickleWriter().proto(2).int(1).emptyTuple().reduce())).toMatch(/REDUCE on an int/);
  });

  test('malformed persistent ids and rebuild arguments', () => {
    expect(refused(new PickleWriter().proto(2).string('x').binpersid())).toMatch(/persistent id must be/);
    const badType = new PickleWriter().proto(2).mark().string('storage').global('collections', 'OrderedDict').string('0').string('cpu').int(1).tuple().binpersid();
    expect(refused(badType)).toMatch(/storage type must be a torch\.\*Storage/);
    const badArgs = new PickleWriter().proto(2).global('torch._utils', '_rebuild_tensor_v2').mark().int(1).tuple().reduce();
    expect(refused(badArgs)).toMatch(/takes 6 or 7 arguments, got 1/);
  });

  test('stack, mark and memo abuse', () => {
    expect(refused(new PickleWriter().proto(2).tuple2())).toMatch(/stack underflow/);
    expect(refused(new PickleWriter().proto(2).mark().tuple2())).toMatch(/stack underflow/);
    expect(refused(new PickleWriter().proto(2).get(3))).toMatch(/memo index 3 is not set/);
    expect(refused(new PickleWriter().proto(2).setitems())).toMatch(/no MARK/);
    expect(refused(new PickleWriter().proto(2).int(1).int(2).stop())).toMatch(/STOP with 2 items/);
    expect(refused(new PickleWriter().proto(2).int(1))).toMatch(/ends without STOP/);
    expect(refused(new PickleWriter().proto(2).raw(0x58, 0xff, 0xff, 0xff, 0x7f))).toMatch(/truncated/);
    expect(refused(new PickleWriter().proto(2).raw(0x8c, 2, 0xc3, 0x28))).toMatch(/not valid UTF-8/);
    const w = new PickleWriter().proto(2);
    for (let i = 0; i < 20; i++) w.mark();
    expect(clockpizzaErrorOf(() => unpickle(w.bytes(), 'f', 'p', { maxStack: 10, maxMemo: 10, maxMarks: 10 })).message).toMatch(/more than 10 nested MARKs/);
    const many = new PickleWriter().proto(2).int(0);
    for (let i = 0; i < 20; i++) many.put(i);
    expect(clockpizzaErrorOf(() => unpickle(many.bytes(), 'f', 'p', { maxStack: 10, maxMemo: 10, maxMarks: 10 })).message).toMatch(/memo exceeds 10/);
  });

  test('a list that contains itself is data, not a hang', () => {
    const w = new PickleWriter().proto(2).emptyList().put(0).get(0).append().stop();
    const list = load(w) as PyList;
    expect(list.items[0]).toBe(list);
  });

  test('random bytes (after a valid PROTO or not) never escape as other errors', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => succeedsOrClockpizzaError(() => unpickle(b, 'r', 'p'))), { numRuns: 2000 });
    const ops = [0x80, 0x02, 0x28, 0x29, 0x5d, 0x7d, 0x4e, 0x88, 0x4b, 0x71, 0x68, 0x74, 0x85, 0x86, 0x87, 0x73, 0x75, 0x61, 0x65, 0x52, 0x62, 0x51, 0x2e, 0x94, 0x93];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ops), { maxLength: 60 }), (body) =>
        succeedsOrClockpizzaError(() => unpickle(Uint8Array.from([0x80, 2, ...body]), 'r', 'p')),
      ),
      { numRuns: 3000 },
    );
  });
});
