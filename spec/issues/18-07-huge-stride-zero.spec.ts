import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { parsePt } from '../../src/io/pt.js';
import { ptArchive, viewsPickle } from '../../src/io/pt-writer.js';
import { runBin } from '../../test/support/run-bin.js';

// Issue 18 item 7: size [10¹²] with stride [0] exited 70 with a JavaScript stack (a RangeError
// from allocating the tensor in rebuildTensor). It is now refused by the element budget.

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-07-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('issue 18.7: size [10¹²], stride [0] is exit 2 with one line naming file and tensor, no stack', () => {
  const view = { name: 'embed.W_E', storageType: 'FloatStorage' as const, storageKey: '0', storageNumel: 1, offset: 0, size: [1e12], stride: [0] };
  const bytes = ptArchive(viewsPickle([view]), new Map([['0', new Uint8Array(4)]]));
  const message = "embed.W_E: view (size [1000000000000], stride [0]) of FloatStorage would take 3725.3 GiB once materialised, over the reader's limit of 256 MiB per checkpoint";
  expect(clockpizzaErrorOf(() => parsePt(bytes, 'h.pt')).message).toBe(`h.pt: ${message}`);
  const file = join(dir, 'h.pt');
  writeFileSync(file, bytes);
  const run = runBin(['inspect', file]);
  expect(run.status).toBe(2);
  expect(run.stderr).toBe(`clockpizza inspect: ${file}: ${message}\n`);
  expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  expect(run.peakMb).toBeLessThan(400);
});
