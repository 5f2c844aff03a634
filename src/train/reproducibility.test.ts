import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../model/load.js';
import { RUN_FILES, writeRun } from './outputs.js';
import { train } from './trainer.js';

const root = mkdtempSync(join(tmpdir(), 'clockpizza-train-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function runTo(dir: string, seed: number, implementation: 'fast' | 'straightforward' = 'fast') {
  const result = await train({ attn: 0.5, width: 16, steps: 12, seed, implementation });
  writeRun(dir, result);
  return result;
}

function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
}

describe('seeded training is reproducible bit for bit', () => {
  it('two runs with the same seed write identical files; another seed does not', async () => {
    await runTo(join(root, 'a'), 17);
    await runTo(join(root, 'b'), 17);
    await runTo(join(root, 'c'), 18);
    expect(Object.keys(files(join(root, 'a')))).toEqual(Object.values(RUN_FILES).sort());
    expect(files(join(root, 'a'))).toEqual(files(join(root, 'b')));
    expect(files(join(root, 'a'))[RUN_FILES.weights]).not.toEqual(files(join(root, 'c'))[RUN_FILES.weights]);
    expect(readFileSync(join(root, 'a', RUN_FILES.split), 'utf8')).not.toEqual(readFileSync(join(root, 'c', RUN_FILES.split), 'utf8'));
  });

  it('writes what the model loader reads: the sidecar’s α, the weights, and the recorded split', async () => {
    const result = await runTo(join(root, 'd'), 5, 'straightforward');
    const loaded = await loadCheckpoint(join(root, 'd', RUN_FILES.weights));
    expect(loaded.sidecar.attnCoeff).toBe(0.5);
    expect(loaded.sidecar.raw['seed']).toBe(5);
    expect(loaded.sidecar.raw['epoch']).toBe(12);
    expect(loaded.architecture).toMatchObject({ family: 'transformer', dModel: 16, nLayers: 1 });
    expect(Array.from(loaded.tensors.get('unembed.W_U')!.data as Float32Array)).toEqual(Array.from(result.params.find((q) => q.name === 'unembed.W_U')!.data));
    const split = JSON.parse(readFileSync(join(root, 'd', RUN_FILES.split), 'utf8')) as { seed: number; train: number[]; test: number[] };
    expect(split.seed).toBe(5);
    expect(split.train).toEqual(result.split.train);
    const curve = readFileSync(join(root, 'd', RUN_FILES.curve), 'utf8').trim().split('\n');
    expect(curve[0]).toBe('step,train_loss,test_loss,train_acc,test_acc');
    expect(curve.length).toBe(13);
  });

  it('MLP-only types train with their own optimizer and load back', async () => {
    for (const model of ['mlp-A', 'mlp-B', 'mlp-C', 'mlp-D', 'mlp-X'] as const) {
      const result = await train({ model, width: 16, steps: 3, seed: 2 });
      expect(result.curve[2]!.trainLoss).toBeLessThan(result.curve[0]!.trainLoss);
      writeRun(join(root, model), result);
      const loaded = await loadCheckpoint(join(root, model, RUN_FILES.weights));
      expect(loaded.architecture).toMatchObject({ family: 'mlp', modelType: model.slice(4) });
    }
  });
});
