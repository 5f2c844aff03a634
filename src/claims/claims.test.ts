import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultCircularityGate } from '../audit/circularity-gate.js';
import { ClockpizzaError } from '../errors.js';
import { xmlProblem } from '../plot/xml-check.js';
import { repoRoot } from '../reference.js';
import { parseSweepResults } from '../sweep/results.js';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';
import { checkClaims, claimsJunit, formatClaimsCheck } from './check.js';
import { loadClaims, parseClaims } from './claims-file.js';
import { CLAIM_KINDS } from './kinds/index.js';
import { METRIC_KEYS, METRICS } from '../metrics/list.js';
import { parseReferenceCsv } from '../sweep/reference-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-claims-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 21 runs at α = i/20, GS = 1 − α/2, DI = α; every fourth run (i = 0, 4, …, 20: 6 runs) is not circular. */
const lines = Array.from({ length: 21 }, (_, i) => sampleResult({ runid: `r${i}`, attn: i / 20 }, { gradientSymmetricity: 1 - i / 40, distanceIrrelevanceTopIncorrect: i / 20, circularity: i % 4 === 0 ? 0.9 : 0.999 }));
const resultsFile = join(dir, 'p.jsonl');
writeFileSync(resultsFile, jsonl(lines));
const population = { file: resultsFile, source: 'sweep' as const, runs: parseSweepResults(jsonl(lines), resultsFile) };

const encode = (x: unknown) => new TextEncoder().encode(typeof x === 'string' ? x : JSON.stringify(x));
const file = (claims: unknown[]) => parseClaims(encode({ name: 't', description: '', claims }), join(dir, 'claims.json'));

describe('claims files', () => {
  it('the schema names exactly the kinds the checker knows', () => {
    const schema = JSON.parse(readFileSync(resolve(repoRoot(), 'spec/schemas/claims.schema.json'), 'utf8')) as { definitions: { claim: { properties: { kind: { enum: string[] } } } } };
    expect([...schema.definitions.claim.properties.kind.enum].sort()).toEqual(Object.keys(CLAIM_KINDS).sort());
  });

  it("the schema's share metrics are exactly the metric list's keys", () => {
    const schema = JSON.parse(readFileSync(resolve(repoRoot(), 'spec/schemas/claims.schema.json'), 'utf8')) as { definitions: { claim: { allOf: { if: { properties: { kind: { const: string } } }; then: { properties: { metric?: { enum: string[] } } } }[] } } };
    const shareBranch = schema.definitions.claim.allOf.find((b) => b.if.properties.kind.const === 'share')!;
    expect(shareBranch.then.properties.metric!.enum).toEqual([...METRIC_KEYS]);
  });

  it('spec/claims/paper.json is valid', () => {
    expect(loadClaims(resolve(repoRoot(), 'spec/claims/paper.json')).claims.length).toBeGreaterThanOrEqual(10);
  });

  it('every claims file in spec/claims/ is valid (both stories included)', () => {
    const names = readdirSync(resolve(repoRoot(), 'spec/claims')).filter((n) => n.endsWith('.json'));
    expect(names).toEqual(expect.arrayContaining(['paper.json', 'paper-networks.json', 'critique.json']));
    for (const name of names) expect(loadClaims(resolve(repoRoot(), 'spec/claims', name)).claims.length, name).toBeGreaterThan(0);
  });

  it('refuses duplicate keys, unknown fields, reversed ranges and repeated ids, naming file and pointer', () => {
    const where = join(dir, 'claims.json');
    const claim = { id: 'a', statement: 's', kind: 'circularFraction', atLeast: 0.1 };
    expect(() => parseClaims(encode('{"name": "t", "description": "", "claims": [{"id": "a", "id": "b", "statement": "s", "kind": "circularFraction", "atLeast": 0.1}]}'), where)).toThrow(
      new ClockpizzaError("duplicate key 'id' in /claims/0", { file: where }),
    );
    expect(() => file([{ ...claim, atleast: 0.2 }])).toThrow(new ClockpizzaError('is not a known field', { file: where, field: '/claims/0/atleast' }));
    expect(() => file([{ ...claim, kind: 'vibes' }])).toThrow(/\/claims\/0\/kind: must be one of "crossing", "median", "circularFraction", "ks"/);
    expect(() => file([{ id: 'm', statement: 's', kind: 'median', metric: 'gradientSymmetricity', alpha: [0.5, 0.2], within: [0, 1] }])).toThrow(
      new ClockpizzaError('[lo, hi] with lo > hi: [0.5,0.2]', { file: where, field: '/claims/0/alpha' }),
    );
    expect(() => file([claim, claim])).toThrow(new ClockpizzaError('id "a" already used by /claims/0', { file: where, field: '/claims/1/id' }));
    expect(() => file([{ ...claim, atMost: 0.05 }])).toThrow(/atMost: atMost 0.05 is below atLeast 0.1/);
    expect(() => parseClaims(encode('[1]'), where)).toThrow(/must be a JSON object, got an array/);
    expect(() => loadClaims(join(dir, 'absent.json'))).toThrow(ClockpizzaError);
  });
});

describe('checkClaims', () => {
  it('evaluates each kind to its hand-derived value', () => {
    const claims = file([
      // circular runs: i not divisible by 4; medians cross as in phase's tests: GS 0.9 between bins, see below
      { id: 'frac', statement: 'most runs are circular', kind: 'circularFraction', atLeast: 0.7 },
      { id: 'frac.low', statement: 'low α', kind: 'circularFraction', alpha: [0, 0.2], atLeast: 0.5, atMost: 0.7 },
      { id: 'gs.low', statement: 'Pizza-like', kind: 'median', metric: 'gradientSymmetricity', alpha: [0, 0.3], within: [0.9, 1] },
      { id: 'cross', statement: 'boundary', kind: 'crossing', metric: 'gradientSymmetricity', within: [0.2, 0.3] },
      { id: 'ks.self', statement: 'like itself', kind: 'ks', metric: 'gradientSymmetricity', alpha: [0, 1], reference: 'p.jsonl', level: 0.05 },
    ]);
    const check = checkClaims(claims, population, defaultCircularityGate());
    const byId = Object.fromEntries(check.results.map((r) => [r.id, r]));
    expect(byId['frac']).toMatchObject({ value: 15 / 21, holds: true, shown: '0.7143 (15/21)', claimed: '≥ 0.7' });
    // α ≤ 0.2: i = 0..4, circular i = 1, 2, 3
    expect(byId['frac.low']).toMatchObject({ value: 3 / 5, holds: true, claimed: 'within [0.5, 0.7]' });
    // circular α ≤ 0.3: i = 1, 2, 3, 5, 6 → GS 1 − i/40, median at i = 3
    expect(byId['gs.low']!.value).toBeCloseTo(1 - 3 / 40, 12);
    expect(byId['gs.low']!.holds).toBe(true);
    // circular bins: [0, 0.1) i = 1 → 0.975 (centre 0.05); [0.1, 0.2) i = 2, 3 → 0.9375 (0.15); [0.2, 0.3) i = 5 → 0.875 (0.25): 0.9 at 0.15 + 0.1 · 0.0375/0.0625 = 0.21
    expect(byId['cross']!.value).toBeCloseTo(0.21, 12);
    expect(byId['cross']!.holds).toBe(true);
    expect(byId['ks.self']).toMatchObject({ value: 1, holds: true });
    expect(check.holds).toBe(true);
  });

  it('share: the fraction of runs with a value in the band, over all or circular runs, reading metrics beyond the population ones', () => {
    // α ≤ 0.2: i = 0..4, GS 1, 0.975, 0.95, 0.925, 0.9; circular: i = 1, 2, 3
    const withCka = [
      sampleResult({ runid: 'c0', attn: 0 }, { ckaDisc: 0.99 }),
      sampleResult({ runid: 'c1', attn: 0 }, { ckaDisc: 0.9 }),
      sampleResult({ runid: 'c2', attn: 0 }, { ckaDisc: null }),
      // recorded under another definition: not this build's value, so not read
      { ...sampleResult({ runid: 'c3', attn: 0 }), metrics: { ...sampleResult().metrics, ckaDisc: { id: 'cka.disc@0', value: 1 } } },
    ];
    const ckaFile = join(dir, 'cka.jsonl');
    const ckaPopulation = { file: ckaFile, source: 'sweep' as const, runs: parseSweepResults(jsonl(withCka), ckaFile) };
    expect(ckaPopulation.runs[0]!.readings).toMatchObject({ ckaDisc: 0.99 });
    expect(METRICS.ckaDisc).toBe('cka.disc@1');
    const claims = file([
      { id: 'gs.all', statement: 'Pizza-like one by one', kind: 'share', metric: 'gradientSymmetricity', alpha: [0, 0.2], within: [0.95, 1], atLeast: 0.6 },
      { id: 'gs.circular', statement: 'circular ones', kind: 'share', metric: 'gradientSymmetricity', alpha: [0, 0.2], within: [0.95, 1], atLeast: 1, circularOnly: true },
    ]);
    const byId = Object.fromEntries(checkClaims(claims, population, defaultCircularityGate()).results.map((r) => [r.id, r]));
    expect(byId['gs.all']).toMatchObject({ value: 3 / 5, holds: true, shown: '0.6000 (3/5)', claimed: '≥ 0.6 of runs: gradientSymmetricity within [0.95, 1]' });
    expect(byId['gs.circular']).toMatchObject({ value: 2 / 3, holds: false, claimed: 'every run: gradientSymmetricity within [0.95, 1]' });
    const disc = checkClaims(file([{ id: 'disc', statement: 'disc-like', kind: 'share', metric: 'ckaDisc', within: [0.95, 1], atLeast: 0.25 }]), ckaPopulation, defaultCircularityGate()).results[0]!;
    expect(disc).toMatchObject({ value: 1 / 4, holds: true, shown: '0.2500 (1/4; 1 not recorded, 1 undefined)' });
    const csvFile = join(dir, 'p.csv');
    const csv = { file: csvFile, source: 'reference-csv' as const, runs: parseReferenceCsv('runid,attn_coeff,d_model,n_layers,diff_vocab,eqn_sign,gradient_sim,distance_irrelevance,circularity\nx,0,128,1,False,False,0.99,0.2,0.999\n', csvFile) };
    expect(csv.runs).toHaveLength(1);
    const fromCsv = checkClaims(file([{ id: 'disc', statement: 'disc-like', kind: 'share', metric: 'ckaDisc', within: [0.95, 1], atLeast: 0.5 }]), csv, defaultCircularityGate()).results[0]!;
    expect(fromCsv).toMatchObject({ value: null, holds: false, shown: '—' });
    expect(fromCsv.reason).toContain('no run records ckaDisc');
  });

  it('shows a false claim failing with a readable message, and no NaN', () => {
    const claims = file([
      { id: 'clock.everywhere', statement: 'every α is Clock-like', kind: 'median', metric: 'gradientSymmetricity', alpha: [0, 0.3], within: [0, 0.6] },
      { id: 'two.layers', statement: 'two-layer runs are circular', kind: 'circularFraction', select: { layers: 2 }, atLeast: 0.1 },
    ]);
    const check = checkClaims(claims, population, defaultCircularityGate());
    expect(check.holds).toBe(false);
    const text = formatClaimsCheck(check);
    expect(text).toContain(`${resultsFile} against ${join(dir, 'claims.json')}: 0 of 2 claims hold`);
    expect(text).toMatch(/clock\.everywhere\s+0\.925, 5 runs\s+median within \[0, 0\.6\]\s+FAILS/);
    expect(text).toContain('clock.everywhere fails: every α is Clock-like — got 0.925, 5 runs, claimed median within [0, 0.6]');
    expect(text).toContain('two.layers fails: two-layer runs are circular — got —, claimed ≥ 0.1 (no runs (2 layers, all widths))');
    expect(text).not.toContain('NaN');
    const xml = claimsJunit([check], 0.25);
    expect(xmlProblem(xml)).toBeNull();
    expect(xml).toContain('<testsuite name="clockpizza claims check ' + join(dir, 'claims.json') + '" tests="2" failures="2" skipped="0" errors="0" time="0.250">');
    expect(xml).toContain(`<testcase classname="${resultsFile}" name="clock.everywhere: every α is Clock-like"><failure message="got 0.925, 5 runs, claimed median within [0, 0.6]" type="claim">`);
  });
});
