import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { findCheckpoints } from './find.js';

describe('findCheckpoints', () => {
  it('finds .pt, .pth and .safetensors files under directories (hidden ones skipped), each once, sorted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clockpizza-find-'));
    for (const sub of ['runs/b', 'runs/a', '.cache', 'ref']) mkdirSync(join(dir, sub), { recursive: true });
    for (const file of ['runs/b/model.safetensors', 'runs/b/model.json', 'runs/a/model.safetensors', '.cache/x.pt', 'ref/model_q.pt', 'ref/config_q.json', 'ref/last.PTH', 'notes.txt']) {
      writeFileSync(join(dir, file), '');
    }
    symlinkSync(join(dir, 'ref/model_q.pt'), join(dir, 'runs/link.pt'));
    const lone = join(dir, 'notes.txt');
    expect(findCheckpoints([join(dir, 'runs'), join(dir, 'ref'), lone, join(dir, 'ref/model_q.pt')])).toEqual(
      [lone, join(dir, 'ref/last.PTH'), join(dir, 'runs/a/model.safetensors'), join(dir, 'runs/b/model.safetensors'), join(dir, 'runs/link.pt')].sort(),
    );
  });

  it('names an input that does not exist', () => {
    expect(clockpizzaErrorOf(() => findCheckpoints(['/nonexistent/x'])).message).toBe('/nonexistent/x: no such file or directory');
  });
});
