import { ClockpizzaError } from './errors.js';

/** A number as people write it in decimal: `5`, `-0.25`, `.5`, `1e-3`. Not `0x1`, `0b1`, `Infinity` or `` (which Number() accepts). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

/** Parses decimal text, naming `field` when it is not a finite decimal number. */
export function parseDecimal(text: string, field: string): number {
  const n = Number(text);
  if (!isDecimal(text.trim()) || !Number.isFinite(n)) throw new ClockpizzaError(`expected a number, got ${JSON.stringify(text)}`, { field });
  return n;
}
