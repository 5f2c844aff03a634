import type { AuditReport } from '../audit/report.js';
import type { GoldenData, Tolerance } from './golden-file.js';

/** Compares an audit report with a golden file: every difference beyond tolerance is a drift. */

export interface Drift {
  /** Dotted path into the golden file, e.g. "metrics.gradientSymmetricity.value". */
  field: string;
  expected: string;
  actual: string;
  /** |actual − expected| for numeric fields. */
  difference?: number;
  tolerance?: string;
}

export function toleranceText(t: Tolerance): string {
  return 'absolute' in t ? `±${t.absolute}` : `±${t.relative} rel`;
}

/** Whether `actual` is within tolerance of `expected`; NaN is never within. */
export function withinTolerance(expected: number, actual: number, t: Tolerance): boolean {
  const allowed = 'absolute' in t ? t.absolute : t.relative * Math.abs(expected);
  return Math.abs(actual - expected) <= allowed;
}

const show = (v: unknown): string => (v === null ? 'undefined' : v === undefined ? 'missing' : typeof v === 'string' ? v : JSON.stringify(v));

export function compareWithGolden(golden: GoldenData, report: AuditReport): Drift[] {
  const drifts: Drift[] = [];
  if (report.checkpoint.sha256 !== golden.sha256) {
    drifts.push({ field: 'sha256', expected: golden.sha256, actual: report.checkpoint.sha256 });
  }
  for (const [key, pinned] of Object.entries(golden.metrics)) {
    const got = report.metrics[key];
    if (got === undefined) {
      drifts.push({ field: `metrics.${key}`, expected: `${pinned.id} = ${show(pinned.value)}`, actual: 'not reported' });
      continue;
    }
    if (got.id !== pinned.id) {
      // A new id means a new definition: the numbers are not comparable, so say that instead.
      drifts.push({ field: `metrics.${key}.id`, expected: pinned.id, actual: got.id });
      continue;
    }
    const tolerance = toleranceText(pinned.tolerance);
    if (pinned.value === null || got.value === null) {
      if (pinned.value !== got.value) drifts.push({ field: `metrics.${key}.value`, expected: show(pinned.value), actual: show(got.value) + (got.value === null ? ` (${got.reason ?? ''})` : ''), tolerance });
      continue;
    }
    if (!withinTolerance(pinned.value, got.value, pinned.tolerance)) {
      drifts.push({ field: `metrics.${key}.value`, expected: String(pinned.value), actual: String(got.value), difference: Math.abs(got.value - pinned.value), tolerance });
    }
  }
  for (const part of ['algorithm', 'lean'] as const) {
    if (report.verdict[part] !== golden.verdict[part]) {
      drifts.push({ field: `verdict.${part}`, expected: golden.verdict[part], actual: report.verdict[part] });
    }
  }
  if (golden.circles !== undefined) {
    const found = report.circles;
    if (found.length !== golden.circles.length) {
      drifts.push({ field: 'circles.length', expected: String(golden.circles.length), actual: String(found.length) });
    }
    golden.circles.forEach((pinned, i) => {
      const got = found[i];
      if (got === undefined) return;
      for (const part of ['components', 'delta', 'role'] as const) {
        if (JSON.stringify(got[part]) !== JSON.stringify(pinned[part])) {
          drifts.push({ field: `circles[${i}].${part}`, expected: show(pinned[part]), actual: show(got[part]) });
        }
      }
    });
  }
  return drifts;
}
