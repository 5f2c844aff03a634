import { loadRules } from '../src/audit/rules.js';
import type { DynamicsRecorder } from '../src/dynamics/recorder.js';
import { recorderFor } from '../src/dynamics/settings.js';
import { train } from '../src/train/trainer.js';

/**
 * `node dist/scripts/bench-dynamics.js [STEPS] [ALPHA] [K]`: the cost of `train --audit-every K`
 * (issue 15's goal: ≤ 10 % of the run's time at K = 250). Trains the same seeded run twice in
 * this process, without and with audits (identical weights either way), at d = 128, and prints
 * both wall times and the audits' share. A short run (default 2,000 steps: the model has
 * fitted, so steps cost what they cost in a 20,000-step run) stands for the long one: the
 * ratio is per K steps. The snapshot at step 0 and the last one are counted, which a short run
 * over-weights (in 20,000 steps there are 81 audits, in 2,000 there are 9).
 */

const steps = Number(process.argv[2] ?? 2000);
const attn = Number(process.argv[3] ?? 0.5);
const every = Number(process.argv[4] ?? 250);
const options = { attn, width: 128, steps, seed: 1 };

const plainStart = performance.now();
await train(options);
const plainMs = performance.now() - plainStart;

let recorder: DynamicsRecorder | undefined;
const auditedStart = performance.now();
await train(options, undefined, (spec, buffers) => (recorder = recorderFor({ auditEvery: every }, spec, buffers, loadRules())));
const auditedMs = performance.now() - auditedStart;

const audits = recorder!.snapshots.length;
const perAudit = recorder!.auditMs / audits;
const perKSteps = ((auditedMs - recorder!.auditMs) / steps) * every;
const row = (what: string, ms: number) => `${what.padEnd(46)} ${(ms / 1000).toFixed(1).padStart(7)} s`;
console.log(`α = ${attn}, d = 128, seed 1, ${steps} steps, --audit-every ${every} (${audits} audits)`);
console.log(row('train, no audits', plainMs));
console.log(row('train --audit-every', auditedMs));
console.log(row('  of which audits', recorder!.auditMs));
console.log(`one audit ${perAudit.toFixed(0)} ms, ${every} training steps ${(perKSteps / 1000).toFixed(2)} s: audits cost ${((100 * perAudit) / perKSteps).toFixed(1)} % of the training time at K = ${every}`);
console.log(`whole run: ${((100 * (auditedMs - plainMs)) / plainMs).toFixed(1)} % slower with audits (wall times of two runs, so host noise included)`);
