/**
 * The README's "both stories" table (issue 17 item 4): for the five released checkpoints, the
 * project's two trained fixtures and the constructed ideal Pizza, the Clock/Pizza paper's
 * evidence (verdict, gradient symmetricity, correct-logit distance irrelevance) beside the
 * critique's (first-layer CKA to disc / circle / torus, median neuron R², Δφ spread), and which
 * claims of each hold. `node dist/scripts/neuron-table.js` prints the markdown; the released
 * checkpoints are skipped (and said so) without CLOCKPIZZA_REFERENCE.
 */
import { join } from 'node:path';
import { auditCheckpoint } from '../src/audit/audit.js';
import type { AuditReport } from '../src/audit/report.js';
import { hasReference, referenceCheckpoint, repoRoot } from '../src/reference.js';

/** The critique's thresholds (issue 17 item 4). */
const CRITIQUE = { discAtLeast: 0.95, circleAtMost: 0.2, r2AtLeast: 0.9 };

const rows: { name: string; path: string; paper?: 'pizza' | 'clock' }[] = [
  ...(hasReference()
    ? [
        { name: 'p99zdpze5l (Model A, α = 0)', path: referenceCheckpoint('p99zdpze5l'), paper: 'pizza' as const },
        { name: 'l8k1hzciux (Model B, α = 1)', path: referenceCheckpoint('l8k1hzciux'), paper: 'clock' as const },
        { name: 'h9m153uuh9 (2 layers, α ≈ 0.007)', path: referenceCheckpoint('h9m153uuh9') },
        { name: 'p71frej8t7 (MLP type B)', path: referenceCheckpoint('p71frej8t7') },
        { name: 'qlvxqhkvit (MLP type D)', path: referenceCheckpoint('qlvxqhkvit') },
      ]
    : []),
  { name: 'fixtures/model-a-like (α = 0)', path: join(repoRoot(), 'fixtures/model-a-like/model.safetensors'), paper: 'pizza' },
  { name: 'fixtures/model-b-like (α = 1)', path: join(repoRoot(), 'fixtures/model-b-like/model.safetensors'), paper: 'clock' },
  { name: 'fixtures/ideal-pizza-p59', path: join(repoRoot(), 'fixtures/ideal-pizza-p59.safetensors'), paper: 'pizza' },
];

const f = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined ? '—' : x.toFixed(digits));
const mark = (ok: boolean): string => (ok ? '✓' : '✗');

function claims(report: AuditReport, paper: 'pizza' | 'clock' | undefined): { paper: string; critique: string } {
  const n = report.neurons;
  const verdict = report.verdict.algorithm;
  const paperClaim = paper === undefined ? '—' : `${paper} ${mark(verdict === paper)}`;
  if (n === undefined) return { paper: paperClaim, critique: '—' };
  const disc = (n.cka.disc ?? 0) >= CRITIQUE.discAtLeast;
  const circle = (n.cka.circle ?? 1) <= CRITIQUE.circleAtMost;
  const r2 = (n.medianR2Degree1 ?? 0) >= CRITIQUE.r2AtLeast;
  return { paper: paperClaim, critique: `disc ${mark(disc)} circle ${mark(circle)} R² ${mark(r2)}` };
}

if (!hasReference()) console.log('(CLOCKPIZZA_REFERENCE absent: the five released checkpoints are left out)\n');
console.log('| checkpoint | verdict | GS | DI | CKA disc | CKA circle | CKA torus | logit CKA circle | median R² deg 1 | median R² deg 1+2 | Δφ spread (rad) | paper\'s claim | critique\'s claims |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
for (const row of rows) {
  const report = await auditCheckpoint(row.path);
  const n = report.neurons;
  const m = report.metrics;
  const c = claims(report, row.paper);
  console.log(
    `| ${row.name} | ${report.verdict.algorithm} | ${f(m['gradientSymmetricity']?.value)} | ${f(m['distanceIrrelevance']?.value)} | ${f(n?.cka.disc)} | ${f(n?.cka.circle)} | ${f(n?.cka.torus)} | ${f(n?.logitCka.circle)} | ${f(n?.medianR2Degree1)} | ${f(n?.medianR2Degree2)} | ${f(n?.deltaPhiSpread)} | ${c.paper} | ${c.critique} |`,
  );
}
