import type { DynamicsHeader, Snapshot } from '../../src/dynamics/snapshot.js';

/**
 * Constructed dynamics (a header and snapshots) for tests of the stop rule, the figures and the
 * calibration, without training: `snapshot(step, { testAcc, metrics, verdict })`.
 */

export function dynamicsHeaderOf(run: Partial<DynamicsHeader['run']> = {}, overrides: Partial<DynamicsHeader> = {}): DynamicsHeader {
  return {
    kind: 'header',
    format: 1,
    run: { model: 'transformer', attn: 0.5, width: 128, layers: 1, seed: 1, steps: 1000, ...run },
    auditEvery: 100,
    rule: { name: 'paper', file: 'spec/rules/paper.json' },
    metricIds: { gradientSymmetricity: 'gradientSymmetricity@ref', distanceIrrelevance: 'distanceIrrelevance.correctLogit@ref', circularity: 'circularity@ref' },
    stoppedAt: null,
    ...overrides,
  };
}

export function snapshotAt(step: number, values: { testAcc?: number; metrics?: Record<string, number | null>; verdict?: Snapshot['verdict']['algorithm'] } = {}): Snapshot {
  const testAcc = values.testAcc ?? 1;
  return {
    kind: 'snapshot',
    step,
    trainLoss: 1 / (step + 1),
    testLoss: 2 / (step + 1),
    trainAcc: Math.min(1, testAcc + 0.01),
    testAcc,
    metrics: { gradientSymmetricity: 0.95, distanceIrrelevance: 0.2, circularity: 0.999, ...values.metrics },
    verdict: { algorithm: values.verdict ?? 'pizza', lean: 'pizza' },
  };
}

export function dynamicsJsonl(header: DynamicsHeader, snapshots: readonly Snapshot[]): string {
  return [header, ...snapshots].map((l) => JSON.stringify(l)).join('\n') + '\n';
}
