import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditNetwork } from '../audit/report.js';
import { loadRules } from '../audit/rules.js';
import { specTemplates } from '../audit/templates.js';
import { ensembleNetwork } from '../../test/support/test-network.js';
import { repoRoot } from '../reference.js';
import { setup } from './index.js';

setup();

const report = auditNetwork(ensembleNetwork(), { path: 'constructed.safetensors', sha256: 'd'.repeat(64), architecture: { family: 'function', p: 31 } }, { rules: loadRules(), templates: specTemplates() });
const fixture = resolve(repoRoot(), 'fixtures/ideal-pizza-p59.safetensors');
const golden = resolve(repoRoot(), 'golden/ideal-pizza-p59.json');

/** The message of the assertion error an awaited matcher call throws. */
async function failure(run: () => Promise<void> | void): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the matcher passed where it should have failed');
}

describe('clockpizza/vitest matchers', () => {
  it('toImplement passes on the verdict and fails with the evidence', async () => {
    // The constructed network has a pizza, an accompanying and a clock circle: GS and DI disagree.
    expect(report.verdict.algorithm).toBe('mixed');
    await expect(report).toImplement('mixed');
    await expect(report).not.toImplement('pizza');
    const message = await failure(() => expect(report).toImplement('pizza'));
    expect(message).toContain('expected constructed.safetensors to implement pizza, but the audit says mixed');
    expect(message).toMatch(/verdict mixed \(lean neither\) by rule paper \(spec\/rules\/paper\.json in the clockpizza package\) clause 4/);
    expect(message).toMatch(/gradientSymmetricity = 0\.74\d* {2}\[gradientSymmetricity@ref\]/);
    expect(message).toContain('circles: 1-2 δ10 pizza, 3-4 δ5 accompanying, 5-6 δ14 clock');
    expect(message).toContain('- not pizza: gradientSymmetricity = 0.740179 is not ≥ 0.9');
    const negated = await failure(() => expect(report).not.toImplement('mixed'));
    expect(negated).toContain('expected constructed.safetensors not to implement mixed, but the audit says it does');
    await expect(failure(() => expect(report).toImplement('pepperoni' as 'pizza'))).resolves.toMatch(/algorithm must be one of pizza, clock/);
  });

  it('toHaveMetricWithin checks the band and explains misses', async () => {
    expect(report).toHaveMetricWithin('accuracy', 0.99, 1);
    expect(report).not.toHaveMetricWithin('gradientSymmetricity', 0.9, 1.01);
    const miss = await failure(() => expect(report).toHaveMetricWithin('gradientSymmetricity', 0.9, 1.01));
    expect(miss).toMatch(/^expected gradientSymmetricity \[gradientSymmetricity@ref\] of constructed\.safetensors to lie within \[0\.9, 1\.01\], got 0\.740/);
    expect(miss).toContain('reasons:');
    const unknown = await failure(() => expect(report).toHaveMetricWithin('gradientSymmetry', 0, 1));
    expect(unknown).toMatch(/expected a metric gradientSymmetry in the report; it has accuracy, loss/);
  });

  it('toMatchGolden passes for a checkpoint path and fails with the drift table', async () => {
    await expect(fixture).toMatchGolden(golden);
    await expect(fixture).toImplement('pizza');
    const dir = mkdtempSync(join(tmpdir(), 'clockpizza-matchers-'));
    const data = JSON.parse(readFileSync(golden, 'utf8'));
    data.metrics.gradientSymmetricity.value -= 0.01;
    data.verdict.algorithm = 'clock';
    const perturbed = join(dir, 'perturbed.json');
    writeFileSync(perturbed, JSON.stringify(data));
    const message = await failure(() => expect(fixture).toMatchGolden(perturbed));
    expect(message).toContain(`expected ${fixture} to match ${perturbed}; 2 drift(s) beyond tolerance:`);
    expect(message).toMatch(/metrics\.gradientSymmetricity\.value\s+0\.98\d+\s+0\.99\d+\s+1\.000e-2\s+±0\.0001/);
    expect(message).toMatch(/verdict\.algorithm\s+clock\s+pizza/);
    expect(message).toContain('audit of');
    await expect(fixture).not.toMatchGolden(perturbed);
  });
});
