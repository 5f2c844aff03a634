/**
 * The critique's reference representations of the p² inputs (index a·p + b) at frequency k,
 * w = 2πk/p, each a list of columns:
 * - disc   [cos wa + cos wb, sin wa + sin wb]  (the sum of the two operands' circle points: a Pizza's first layer)
 * - circle [cos w(a+b), sin w(a+b)]            (the answer's circle: a Clock's product)
 * - torus  [cos wa, sin wa, cos wb, sin wb]     (both operands' circles, independently)
 */
export const REFERENCES = ['disc', 'circle', 'torus'] as const;
export type ReferenceName = (typeof REFERENCES)[number];

export function reference(name: ReferenceName, p: number, k: number): Float64Array[] {
  const w = (2 * Math.PI * k) / p;
  const column = (f: (a: number, b: number) => number): Float64Array => Float64Array.from({ length: p * p }, (_, i) => f(Math.floor(i / p), i % p));
  switch (name) {
    case 'disc':
      return [column((a, b) => Math.cos(w * a) + Math.cos(w * b)), column((a, b) => Math.sin(w * a) + Math.sin(w * b))];
    case 'circle':
      return [column((a, b) => Math.cos(w * (a + b))), column((a, b) => Math.sin(w * (a + b)))];
    case 'torus':
      return [column((a) => Math.cos(w * a)), column((a) => Math.sin(w * a)), column((_, b) => Math.cos(w * b)), column((_, b) => Math.sin(w * b))];
  }
}
