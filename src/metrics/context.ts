import type { Network } from '../model/network.js';
import type { MeasureContext, MeasureOptions, MetricDefinition, MetricInput } from './definition.js';

/**
 * The shared, lazily filled context of one measurement: each input is computed on first use,
 * once, and its wall time recorded under its name (exclusive of the inputs it reads in turn, so
 * the times add up). Metrics see it through `forMetric`, which holds them to their `needs`.
 */
export class LazyMeasureContext implements MeasureContext {
  /** Wall time per input and per metric, ms. */
  readonly timingsMs: Record<string, number> = {};
  private readonly values = new Map<string, { input: MetricInput<unknown>; value: unknown }>();
  /** Time spent in nested `timed` calls while the current one runs. */
  private nestedMs = 0;

  constructor(
    readonly network: Network,
    readonly options: MeasureOptions = {},
    /** The clock, ms (injected by tests). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  get<T>(input: MetricInput<T>): T {
    const known = this.values.get(input.name);
    if (known !== undefined) {
      if (known.input !== input) throw new Error(`two metric inputs are named ${JSON.stringify(input.name)}`);
      return known.value as T;
    }
    const value = this.timed(input.name, () => input.compute(this));
    this.values.set(input.name, { input, value });
    return value;
  }

  /** Runs `f`, recording its own wall time (nested timed calls excluded) under `name`. */
  timed<T>(name: string, f: () => T): T {
    if (name in this.timingsMs) throw new Error(`a timing named ${JSON.stringify(name)} was already recorded in this measurement`);
    const outer = this.nestedMs;
    this.nestedMs = 0;
    const start = this.now();
    const out = f();
    const total = this.now() - start;
    this.timingsMs[name] = total - this.nestedMs;
    this.nestedMs = outer + total;
    return out;
  }

  /** The context as one metric sees it: reading an input it did not declare a need for is a bug in that metric. */
  forMetric(definition: Pick<MetricDefinition, 'key' | 'needs'>): MeasureContext {
    return {
      network: this.network,
      options: this.options,
      get: <T>(input: MetricInput<T>): T => {
        const missing = input.needs.filter((need) => !definition.needs.includes(need));
        if (missing.length > 0) {
          throw new Error(`metric ${definition.key} reads ${input.name}, which needs ${missing.join(', ')}, not among its declared needs (${definition.needs.join(', ')})`);
        }
        return this.get(input);
      },
    };
  }
}
