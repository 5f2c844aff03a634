import { describe, expect, test } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { parseCheckpointBytes } from './checkpoint-file.js';
import { PickleWriter } from './pickle-writer.js';
import { parsePtContents } from './pt.js';
import { encodePtValue, ptArchive, type PtValue } from './pt-writer.js';
import { encodeSafetensors } from './safetensors.js';
import type { TensorMap } from './tensor.js';
import { openZip } from './zip.js';
import { encodeZip } from './zip-writer.js';

const weights: TensorMap = new Map([
  ['embed.W_E', { dtype: 'F32', shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) }],
  ['unembed.W_U', { dtype: 'F32', shape: [2], data: Float32Array.of(-1, 0.5) }],
]);
const moments: PtValue = { tensor: { dtype: 'F64', shape: [2], data: Float64Array.of(1e-3, 2e-3) } };
const step: PtValue = { tensor: { dtype: 'I64', shape: [], data: BigInt64Array.of(5000n) } };

/** `{key: state_dict, 'optimizer': {...}, 'train_losses': [...], 'config': {...}}` as other labs save it. */
function nested(key = 'model', config: PtValue = { dict: [['p', 113], ['d_model', 128], ['frac_train', { float: 0.3 }]] }): Uint8Array {
  return encodePtValue({
    dict: [
      [key, { stateDict: weights }],
      ['optimizer', { dict: [['state', { dict: [[0, { dict: [['step', step], ['exp_avg', moments]] }]] }], ['param_groups', { list: [{ dict: [['betas', { tuple: [{ float: 0.9 }, { float: 0.98 }] }]] }] }]] }],
      ['train_losses', { list: [{ float: 4.7 }, { float: 1.2 }] }],
      ['epoch', 5000],
      ['config', config],
    ],
  });
}

/** The same archive without some of its storage entries. */
function without(bytes: Uint8Array, dropped: string[]): Uint8Array {
  const zip = openZip(bytes, 'x.pt');
  return encodeZip(zip.names.filter((n) => !dropped.includes(n)).map((name) => ({ name, data: zip.read(name) })));
}

describe('nested checkpoints', () => {
  test.each(['model', 'state_dict', 'model_state_dict'])("the state dict is found under '%s', the config dict is read as JSON", (key) => {
    const contents = parsePtContents(nested(key), 'n.pt');
    expect(contents.stateDictKey).toBe(key);
    expect([...contents.tensors.keys()]).toEqual(['embed.W_E', 'unembed.W_U']);
    expect(Array.from(contents.tensors.get('unembed.W_U')!.data as Float32Array)).toEqual([-1, 0.5]);
    expect(contents.config).toEqual({ p: 113, d_model: 128, frac_train: 0.3 });
  });

  test('what is not the state dict is never read: its storages may even be missing', () => {
    // Storages 0 and 1 are the weights; 2 (step, Long) and 3 (exp_avg, Double) the optimizer's.
    const stripped = without(nested(), ['archive/data/2', 'archive/data/3']);
    expect(parsePtContents(stripped, 'n.pt').tensors.size).toBe(2);
    // …while asking for the optimizer state with --key reads it, and so finds them missing.
    expect(clockpizzaErrorOf(() => parsePtContents(stripped, 'n.pt', { key: 'optimizer.state.0' })).message).toMatch(
      /n\.pt: optimizer\.state\.0: step: storage entry 'archive\/data\/2' is missing/,
    );
    const state = parsePtContents(nested(), 'n.pt', { key: 'optimizer.state.0' }).tensors;
    expect(state.get('step')!.dtype).toBe('I64');
    expect(Array.from(state.get('exp_avg')!.data as Float64Array)).toEqual([1e-3, 2e-3]);
  });

  test('--key names a missing key or a value that is not a dict', () => {
    expect(clockpizzaErrorOf(() => parsePtContents(nested(), 'n.pt', { key: 'weights' })).message).toMatch(
      /n\.pt: weights: no such key \(--key weights\); the dict holds "model", "optimizer", "train_losses", "epoch", "config"/,
    );
    expect(clockpizzaErrorOf(() => parsePtContents(nested(), 'n.pt', { key: 'epoch' })).message).toBe('n.pt: epoch: holds an int, not a state dict (--key epoch)');
    expect(clockpizzaErrorOf(() => parsePtContents(nested(), 'n.pt', { key: 'epoch.x' })).message).toBe('n.pt: epoch.x: holds an int, not a dict (--key epoch.x)');
  });

  test('a checkpoint without a known key asks for --key; a config holding a tensor is refused, naming it', () => {
    expect(clockpizzaErrorOf(() => parsePtContents(nested('net'), 'n.pt')).message).toMatch(/n\.pt: archive\/data\.pkl: is neither a state dict .* its keys are "net", "optimizer", .* \(give --key PATH\)/);
    expect(parsePtContents(nested('net'), 'n.pt', { key: 'net' }).tensors.size).toBe(2);
    expect(clockpizzaErrorOf(() => parsePtContents(nested('model', { dict: [['p', 113], ['w', moments]] }), 'n.pt')).message).toBe(
      'n.pt: config.w: holds a tensor; a config holds plain values only',
    );
  });

  test('a refused global anywhere (here in the optimizer entry) refuses the file: nothing is executed', () => {
    const w = new PickleWriter().proto(2).emptyDict().string('model').global('collections', 'OrderedDict').emptyTuple().reduce().setitem();
    w.string('optimizer').global('os', 'system').string('touch /tmp/pwned').raw(0x85).reduce().setitem().stop();
    expect(clockpizzaErrorOf(() => parsePtContents(ptArchive(w.bytes()), 'n.pt')).message).toMatch(/n\.pt: archive\/data\.pkl: refuses global os\.system/);
  });

  test('--key does not apply to safetensors files', () => {
    expect(clockpizzaErrorOf(() => parseCheckpointBytes(encodeSafetensors(weights), 's.safetensors', { key: 'model' })).message).toMatch(
      /s\.safetensors: --key: is a safetensors file, a flat state dict/,
    );
  });
});
