import { describe, expect, it } from 'vitest';
import { auditNetwork, type AuditReport } from '../audit/report.js';
import { loadRules } from '../audit/rules.js';
import { specTemplates } from '../audit/templates.js';
import { ensembleNetwork } from '../../test/support/test-network.js';
import { compareWithGolden, toleranceText, withinTolerance } from './compare.js';
import type { GoldenData } from './golden-file.js';

const report: AuditReport = auditNetwork(ensembleNetwork(), { path: 'x', sha256: 'b'.repeat(64), architecture: { family: 'function', p: 31 } }, { rules: loadRules(), templates: specTemplates() });

function pinned(): GoldenData {
  const metric = (key: string, tolerance: GoldenData['metrics'][string]['tolerance']) => ({ id: report.metrics[key]!.id, value: report.metrics[key]!.value, tolerance });
  return {
    description: 'test',
    checkpoint: { path: 'x' },
    sha256: report.checkpoint.sha256,
    metrics: { accuracy: metric('accuracy', { absolute: 0 }), gradientSymmetricity: metric('gradientSymmetricity', { absolute: 1e-4 }), circularity: metric('circularity', { relative: 1e-5 }) },
    verdict: { algorithm: report.verdict.algorithm, lean: report.verdict.lean },
    circles: report.circles.map((c) => ({ components: c.components, delta: c.delta, role: c.role })),
  };
}

describe('compareWithGolden', () => {
  it('finds nothing when the report is what was pinned', () => {
    expect(compareWithGolden(pinned(), report)).toEqual([]);
  });

  it('reports a value beyond tolerance with |Δ| and the tolerance, and ignores one within', () => {
    const golden = pinned();
    const gs = golden.metrics['gradientSymmetricity']!;
    gs.value = gs.value! + 5e-5;
    expect(compareWithGolden(golden, report)).toEqual([]);
    gs.value = gs.value + 1e-4;
    const [drift, ...rest] = compareWithGolden(golden, report);
    expect(rest).toEqual([]);
    expect(drift).toMatchObject({ field: 'metrics.gradientSymmetricity.value', tolerance: '±0.0001' });
    expect(drift!.difference).toBeCloseTo(1.5e-4, 12);
  });

  it('treats exact tolerances, relative tolerances, undefined values and NaN correctly', () => {
    expect(withinTolerance(1, 1, { absolute: 0 })).toBe(true);
    expect(withinTolerance(1, 1 - 1 / 3481, { absolute: 0 })).toBe(false);
    expect(withinTolerance(100, 100.009, { relative: 1e-4 })).toBe(true);
    expect(withinTolerance(100, 100.011, { relative: 1e-4 })).toBe(false);
    expect(withinTolerance(1, Number.NaN, { absolute: 1 })).toBe(false);
    expect(toleranceText({ relative: 1e-4 })).toBe('±0.0001 rel');
    const golden = pinned();
    golden.metrics['accuracy']!.value = null;
    expect(compareWithGolden(golden, report)).toEqual([{ field: 'metrics.accuracy.value', expected: 'undefined', actual: '1', tolerance: '±0' }]);
  });

  it('flags a changed checkpoint, metric id, verdict and circle role', () => {
    const golden = pinned();
    golden.sha256 = 'c'.repeat(64);
    golden.metrics['circularity']!.id = 'circularity@0';
    golden.verdict.algorithm = golden.verdict.algorithm === 'pizza' ? 'clock' : 'pizza';
    golden.circles![1]!.role = 'unexplained';
    golden.circles!.push({ components: [9, 10], delta: 1, role: 'clock' });
    expect(compareWithGolden(golden, report).map((d) => d.field)).toEqual(['sha256', 'metrics.circularity.id', 'verdict.algorithm', 'circles.length', 'circles[1].role']);
  });
});
