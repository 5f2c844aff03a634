import { ClockpizzaError } from '../../errors.js';
import type { Tensor, TensorMap } from '../../io/tensor.js';
import type { ActFn, ModelConfig } from '../architecture.js';

/** Checks presence, rank, dtype and shape of each tensor it is asked for, and remembers which were used. */
export class ShapeChecker {
  private readonly used = new Set<string>();
  constructor(
    readonly tensors: TensorMap,
    readonly source: string,
  ) {}

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  /** The tensor's shape, checked against `expected` (null entries are free and returned). */
  expect(name: string, expected: (number | null)[]): number[] {
    const tensor = this.tensors.get(name);
    const shown = `[${expected.map((s) => (s === null ? '?' : s)).join(', ')}]`;
    if (tensor === undefined) throw new ClockpizzaError(`missing tensor (expected shape ${shown})`, { file: this.source, field: name });
    this.used.add(name);
    if (!isFloat(tensor)) throw new ClockpizzaError(`expected a floating-point tensor, got ${tensor.dtype}`, { file: this.source, field: name });
    const ok = tensor.shape.length === expected.length && expected.every((s, i) => s === null || s === tensor.shape[i]);
    if (!ok) throw new ClockpizzaError(`expected shape ${shown}, got [${tensor.shape.join(', ')}]`, { file: this.source, field: name });
    return tensor.shape;
  }

  /** Every tensor not asked for must be a buffer: a parameter is never silently ignored. */
  rejectUnused(isBuffer: (name: string) => boolean): void {
    for (const name of this.tensors.keys()) {
      if (!this.used.has(name) && !isBuffer(name)) {
        throw new ClockpizzaError('unexpected tensor for this architecture (refusing to ignore a parameter)', { file: this.source, field: name });
      }
    }
  }
}

function isFloat(tensor: Tensor): boolean {
  return tensor.dtype === 'F32' || tensor.dtype === 'F64' || tensor.dtype === 'F16' || tensor.dtype === 'BF16';
}

/** The number of blocks `prefix`0, `prefix`1, … (numbered without gaps); `first` names the tensor a block needs. */
export function countBlocks(shapes: ShapeChecker, prefix: string, first: string): number {
  const indices = new Set<number>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}(\\d+)\\.`);
  for (const name of shapes.tensors.keys()) {
    const m = pattern.exec(name);
    if (m) indices.add(Number(m[1]));
  }
  const n = indices.size;
  for (let i = 0; i < n; i++) {
    if (!indices.has(i)) throw new ClockpizzaError(`blocks are not numbered 0..${n - 1} (block ${i} missing)`, { file: shapes.source, field: `${prefix}${i}` });
  }
  if (n === 0) throw new ClockpizzaError('missing tensor (a transformer needs at least one block)', { file: shapes.source, field: first });
  return n;
}

export function mismatch(source: string, field: string, what: string, fromSidecar: unknown, fromTensors: unknown): ClockpizzaError {
  return new ClockpizzaError(`sidecar says ${what} = ${String(fromSidecar)} but the tensors say ${String(fromTensors)}`, { file: source, field });
}

export function checkAgainst(source: string, field: string, what: string, fromSidecar: unknown, fromTensors: unknown): void {
  if (fromSidecar !== undefined && fromSidecar !== fromTensors) throw mismatch(source, field, what, fromSidecar, fromTensors);
}

export function actFnOf(config: ModelConfig, source: string, assumptions: string[], defaultNote: string): ActFn {
  if (config.actFn === undefined) {
    assumptions.push(defaultNote);
    return 'ReLU';
  }
  const lower = config.actFn.toLowerCase();
  if (lower === 'relu') return 'ReLU';
  if (lower === 'gelu') return 'GeLU';
  throw new ClockpizzaError(`unsupported activation ${JSON.stringify(config.actFn)} (ReLU or GeLU)`, { file: source, field: 'act_fn' });
}

export function checkAlpha(alpha: number, source: string, field: string): number {
  if (!Number.isFinite(alpha) || alpha < 0 || alpha > 1) throw new ClockpizzaError(`attention rate must lie in [0, 1], got ${alpha}`, { file: source, field });
  return alpha;
}

/** The vocabulary implied by the data flags (METRICS.md §1). */
export function expectedVocab(p: number, diffVocab: boolean, eqnSign: boolean): number {
  return p * (diffVocab ? 2 : 1) + (eqnSign ? 1 : 0);
}
