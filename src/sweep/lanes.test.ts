import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inLanes } from './lanes.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('inLanes', () => {
  it('does every item once, never more than `concurrency` at a time (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(3), { maxLength: 12 }), fc.integer({ min: 1, max: 4 }), async (delays, concurrency) => {
        let inFlight = 0;
        let most = 0;
        const done: number[] = [];
        await inLanes(delays.map((d, i) => ({ d, i })), concurrency, async ({ d, i }) => {
          most = Math.max(most, ++inFlight);
          for (let k = 0; k < d; k++) await tick();
          inFlight--;
          done.push(i);
        });
        expect([...done].sort((x, y) => x - y)).toEqual(delays.map((_, i) => i));
        expect(most).toBeLessThanOrEqual(Math.max(1, concurrency));
      }),
    );
  });

  it('after a failure starts nothing new, lets the items in flight finish, and throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const work = inLanes([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      await tick();
      if (i === 0) throw new Error('first');
      await tick();
      if (i === 1) throw new Error('second');
      finished.push(i);
    });
    await expect(work).rejects.toThrow('first');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([]);
  });
});
