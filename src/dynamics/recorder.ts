import type { Rules } from '../audit/rules.js';
import type { TensorMap } from '../io/tensor.js';
import type { TrainSpec } from '../train/config.js';
import type { Params } from '../train/params.js';
import type { CurveRow, TrainAudit } from '../train/trainer.js';
import { dynamicsText } from './dynamics-file.js';
import { auditSnapshot, dynamicsHeader, type DynamicsHeader, type Snapshot } from './snapshot.js';
import { isStable, type StopRule } from './stop-rule.js';

/** The audit `train --audit-every K [--stop-when-stable]` runs: collects snapshots, and with a stop rule says when to stop. */
export class DynamicsRecorder implements TrainAudit {
  readonly snapshots: Snapshot[] = [];
  /** Wall time spent auditing, ms (the benchmark's numerator). */
  auditMs = 0;
  private stoppedAt: number | null = null;

  constructor(
    private readonly spec: TrainSpec,
    private readonly buffers: TensorMap,
    readonly every: number,
    private readonly rules: Rules,
    private readonly stopRule?: StopRule,
  ) {}

  take(step: number, params: Params, row: CurveRow): boolean {
    const start = performance.now();
    this.snapshots.push(auditSnapshot(this.spec, params, this.buffers, row, this.rules));
    this.auditMs += performance.now() - start;
    const stop = step < this.spec.steps && this.stopRule !== undefined && isStable(this.snapshots, this.stopRule);
    if (stop) this.stoppedAt = step;
    return stop;
  }

  header(): DynamicsHeader {
    return dynamicsHeader(this.spec, this.every, this.rules, this.stoppedAt);
  }

  /** DIR/dynamics.jsonl's text: the header and every snapshot so far. */
  text(): string {
    return dynamicsText(this.header(), this.snapshots);
  }
}
