import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockpizzaError } from '../errors.js';
import { decimalsOf, expandPlan, parseIntegerList, parseRange, parseShard, parseValueList, runId, shardJobs, type SweepPlan } from './grid.js';

const plan: SweepPlan = { attn: [0, 0.5, 1], widths: [64, 128], layers: [1], seeds: 2, firstSeed: 0, steps: 100 };

describe('range syntax', () => {
  it('0:1:0.1 gives eleven values with no binary noise, ending at exactly 1', () => {
    expect(parseRange('0:1:0.1', 'attn')).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });
  it('stops at the last lattice point below stop', () => {
    expect(parseRange('0:1:0.3', 'attn')).toEqual([0, 0.3, 0.6, 0.9]);
    expect(parseRange('32:100:32', 'width')).toEqual([32, 64, 96]);
    expect(parseRange('0.5:0.5:0.1', 'attn')).toEqual([0.5]);
  });
  it('issue 18.1: a range through zero gives 0, never −0 (-0.9:0.9:0.3 once gave −0)', () => {
    const values = parseRange('-0.9:0.9:0.3', 'attn');
    expect(values).toEqual([-0.9, -0.6, -0.3, 0, 0.3, 0.6, 0.9]);
    expect(Object.is(values[3], 0)).toBe(true);
    expect(Object.is(parseValueList('-0,1', 'attn')[0], 0)).toBe(true);
    expect(parseRange('-0:0.2:0.1', 'attn').some((v) => Object.is(v, -0))).toBe(false);
  });
  it('counts decimals in every notation', () => {
    expect(decimalsOf('0.25')).toBe(2);
    expect(decimalsOf('1e-3')).toBe(3);
    expect(decimalsOf('2.5e1')).toBe(0);
    expect(decimalsOf('128')).toBe(0);
  });
  it('lists mix numbers and ranges in the order written', () => {
    expect(parseValueList('0:0.2:0.1,0.75,1', 'attn')).toEqual([0, 0.1, 0.2, 0.75, 1]);
    expect(parseIntegerList('64,128,256', 'width', 1)).toEqual([64, 128, 256]);
  });
  it('rejects bad ranges and lists with the option named', () => {
    const bad: [string, RegExp][] = [
      ['0:1', /start:stop:step/],
      ['0:1:0', /must be positive/],
      ['0:1:-0.1', /must be positive/],
      ['1:0:0.1', /ends before it starts/],
      ['0:x:0.1', /expected a number/],
      ['0:1:0.00001', /at most/],
      ['0.1,0.1', /appears twice/],
      ['0:0.2:0.1,0.2', /appears twice/],
      ['0,,1', /empty item/],
    ];
    for (const [text, message] of bad) {
      expect(() => parseValueList(text, 'attn'), text).toThrow(ClockpizzaError);
      expect(() => parseValueList(text, 'attn'), text).toThrow(message);
      expect(() => parseValueList(text, 'attn'), text).toThrow(/--attn/);
    }
    expect(() => parseIntegerList('64,96.5', 'width', 1)).toThrow(/integers ≥ 1/);
  });
  it('property: every range value is start + i·step to within rounding, increasing, and within [start, stop]', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 3 }), (s, span, st, d) => {
        const scale = 10 ** d;
        const [start, stop, step] = [s / scale, (s + span) / scale, st / scale];
        const values = parseRange(`${start}:${stop}:${step}`, 'attn');
        expect(values.length).toBe(Math.floor(span / st) + 1);
        values.forEach((v, i) => {
          expect(Math.abs(v - (start + i * step))).toBeLessThan(1e-9);
          expect(v).toBe(Number(v.toFixed(d)) + 0);
          expect(Object.is(v, -0)).toBe(false);
          if (i > 0) expect(v).toBeGreaterThan(values[i - 1]!);
        });
        expect(values[0]).toBe(start);
        expect(values[values.length - 1]!).toBeLessThanOrEqual(stop);
      }),
    );
  });
});

describe('job list', () => {
  it('is deterministic: seeds outermost, then layers, width, α; indices in order', () => {
    const jobs = expandPlan(plan);
    expect(jobs.map((j) => j.runid)).toEqual([
      'a0.00-w64-s0', 'a0.50-w64-s0', 'a1.00-w64-s0', 'a0.00-w128-s0', 'a0.50-w128-s0', 'a1.00-w128-s0',
      'a0.00-w64-s1', 'a0.50-w64-s1', 'a1.00-w64-s1', 'a0.00-w128-s1', 'a0.50-w128-s1', 'a1.00-w128-s1',
    ]);
    expect(jobs.map((j) => j.index)).toEqual(jobs.map((_, i) => i));
    expect(jobs.every((j) => j.steps === 100)).toBe(true);
    expect(expandPlan(plan)).toEqual(jobs);
  });
  it('run ids name layers ≠ 1 and keep every decimal α needs', () => {
    expect(runId(0.3, 128, 1, 2)).toBe('a0.30-w128-s2');
    expect(runId(0.125, 128, 2, 0)).toBe('a0.125-w128-l2-s0');
    expect(runId(1, 32, 1, 7)).toBe('a1.00-w32-s7');
  });
  it('property: run ids are unique over any grid', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }), fc.uniqueArray(fc.integer({ min: 4, max: 64 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 3 }), (a, w, seeds) => {
        const jobs = expandPlan({ attn: a.map((x) => x / 1000), widths: w, layers: [1, 2], seeds, firstSeed: 5, steps: 1 });
        expect(new Set(jobs.map((j) => j.runid)).size).toBe(jobs.length);
        expect(jobs.length).toBe(a.length * w.length * 2 * seeds);
      }),
    );
  });
  it('replicate r uses seed firstSeed + r in every cell', () => {
    const jobs = expandPlan({ ...plan, firstSeed: 10 });
    expect(new Set(jobs.map((j) => j.seed))).toEqual(new Set([10, 11]));
  });
});

describe('shards', () => {
  it('are 0-based i/n and partition the job list', () => {
    const jobs = expandPlan(plan);
    const parts = [0, 1, 2].map((i) => shardJobs(jobs, parseShard(`${i}/3`)));
    expect(parts.flat().map((j) => j.index).sort((x, y) => x - y)).toEqual(jobs.map((j) => j.index));
    expect(parts[1]!.map((j) => j.index)).toEqual([1, 4, 7, 10]);
    expect(shardJobs(jobs, undefined)).toEqual(jobs);
    expect(shardJobs(jobs, parseShard('0/1'))).toEqual(jobs);
  });
  it('rejects shards out of range or malformed', () => {
    for (const [text, message] of [['3/3', /out of range.*0-based, 0\.\.2/], ['0/0', /at least 1/], ['1', /i\/n/], ['-1/2', /i\/n/], ['a/b', /i\/n/]] as const) {
      expect(() => parseShard(text), text).toThrow(ClockpizzaError);
      expect(() => parseShard(text), text).toThrow(message);
    }
  });
});
