import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClockpizzaError } from '../errors.js';
import { LanePool, type LaneKind } from './lane-pool.js';

/** A worker that echoes a request with what it knows of itself, refuses one, or dies on another. */
const BODY = `
const answer = (m) => {
  if (m.die) process.exit(3);
  if (m.refuse) return { ok: false, clockpizza: true, message: 'x.pt: weights: refused', file: 'x.pt', field: 'weights' };
  return { ok: true, result: { echo: m.value, execArgv: process.execArgv, pid: process.pid } };
};
`;
const THREAD = `import { parentPort } from 'node:worker_threads';${BODY}parentPort.on('message', (m) => parentPort.postMessage(answer(m)));`;
const PROCESS = `${BODY}process.on('message', (m) => process.send(answer(m)));`;

function script(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'clockpizza-lanes-')), name);
  writeFileSync(path, text);
  return path;
}

interface Echo {
  echo: number;
  execArgv: string[];
  pid: number;
}

const kinds: [string, string, LaneKind][] = [
  ['threads', THREAD, { kind: 'thread' }],
  ['processes', PROCESS, { kind: 'process', execArgv: ['--single-threaded-gc'] }],
];

describe.each(kinds)('LanePool of %s', (name, text, kind) => {
  it('answers every request, two lanes at a time, and reports a refusal and a dead worker by name, then replaces that worker', async () => {
    const pool = new LanePool<{ value?: number; refuse?: boolean; die?: boolean }, Echo>(2, script(`${name}.mjs`, text), kind);
    try {
      const answers = await Promise.all([1, 2, 3, 4, 5].map((value) => pool.run({ value }, `job ${value}`)));
      expect(answers.map((a) => a.echo)).toEqual([1, 2, 3, 4, 5]);
      if (kind.kind === 'process') {
        // Each lane is its own process with the flags asked for (a thread shares this process).
        expect(new Set(answers.map((a) => a.pid)).size).toBe(2);
        expect(answers.every((a) => a.pid !== process.pid && a.execArgv.includes('--single-threaded-gc'))).toBe(true);
      } else {
        expect(answers.every((a) => a.pid === process.pid)).toBe(true);
      }
      const refused = await pool.run({ refuse: true }, 'job r').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ClockpizzaError);
      expect(refused).toMatchObject({ file: 'x.pt', field: 'weights' });
      await expect(pool.run({ die: true }, 'job d')).rejects.toThrow(/worker exited \(code 3\) while running job d/);
      // The dead worker is replaced: both lanes answer again.
      const after = await Promise.all([6, 7].map((value) => pool.run({ value }, `job ${value}`)));
      expect(after.map((a) => a.echo)).toEqual([6, 7]);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
