import { describe, expect, it } from 'vitest';
import { ClockpizzaError } from '../errors.js';
import { auditNetwork, validateReport, type AuditReport } from './report.js';
import { loadRules } from './rules.js';
import { specTemplates } from './templates.js';
import { ensembleNetwork } from '../../test/support/test-network.js';

const rules = loadRules();
const templates = specTemplates();
const report = auditNetwork(ensembleNetwork(), { path: 'constructed', sha256: '0'.repeat(64), architecture: { family: 'function', p: 31 } }, { rules, templates });

describe('audit report', () => {
  it('carries metrics with ids, circles with every spec fitted, and a verdict', () => {
    expect(report.metrics['gradientSymmetricity']!.id).toBe('gradientSymmetricity@ref');
    expect(Object.keys(report.metrics)).toEqual(expect.arrayContaining(['accuracy', 'parameterNorm', 'gradientSymmetricity', 'distanceIrrelevance', 'distanceIrrelevanceTopIncorrect', 'circularity']));
    expect(report.circles.map((c) => c.role)).toEqual(['pizza', 'accompanying', 'clock']);
    expect(Object.keys(report.circles[0]!.fve).sort()).toEqual(['accompanying-pizza', 'clock', 'pizza', 'pizza-notebook', 'pizza-prime']);
    expect(report.mixedEnsemble).toBe(true);
    expect(report.verdict.rule.file).toBe('spec/rules/paper.json');
    expect(['pizza', 'clock', 'mixed', 'non-circular', 'not-learned']).toContain(report.verdict.algorithm);
    expect(report.tool.name).toBe('clockpizza');
  });

  it('survives a JSON round trip as a valid report', () => {
    expect(() => validateReport(JSON.parse(JSON.stringify(report)), 'x')).not.toThrow();
  });

  it('rejects broken reports naming the field', () => {
    const broken = JSON.parse(JSON.stringify(report)) as AuditReport & { metrics: Record<string, unknown> };
    delete broken.metrics['circularity'];
    expect(() => validateReport(broken, 'r.json')).toThrow(ClockpizzaError);
    expect(() => validateReport(broken, 'r.json')).toThrow('r.json: /metrics/circularity: is required');
    const nan = JSON.parse(JSON.stringify(report)) as AuditReport;
    nan.metrics['accuracy'] = { id: 'accuracy@1', value: null };
    expect(() => validateReport(nan, 'r.json')).toThrow(/\/metrics\/accuracy/);
    const role = JSON.parse(JSON.stringify(report)) as AuditReport;
    (role.circles[0] as { role: string }).role = 'pepperoni';
    expect(() => validateReport(role, 'r.json')).toThrow(/\/circles\/0\/role/);
  });
});
