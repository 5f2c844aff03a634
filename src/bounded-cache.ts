/**
 * Values made once per process and kept, at most `kept` of them: when a new one comes the oldest
 * goes. For tables every network at the same p shares (template relabellings, CKA references),
 * bounded so that a population of many moduli and frequencies does not hold them all.
 */
export class BoundedCache<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly kept: number) {}

  get(key: string, make: () => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = make();
      if (this.values.size >= this.kept) this.values.delete(this.values.keys().next().value!);
      this.values.set(key, value);
    }
    return value;
  }
}
