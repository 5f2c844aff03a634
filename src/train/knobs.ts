/**
 * The reference's training knobs beyond α, width, layers, activation and steps: one table that
 * `train`'s and `sweep`'s options, their help, the sidecar and the README's table derive from.
 * Each knob names the key the reference writes in its `config_<runid>.json` (or, for the four it
 * hard-codes, the key clockpizza writes when the value differs from the reference's).
 */

/** Knob values a caller may set (TrainOptions); absent = the reference's default. */
export interface KnobOptions {
  /** The modulus (`C`): any integer 7–1000; the theory assumes a prime. */
  p?: number;
  /** Attention heads (`n_heads`, default 4). */
  heads?: number;
  /** Head width (`d_head`, default floor(d_model / heads)). */
  dHead?: number;
  /** MLP width (`d_mlp`, default 4·d_model). */
  dMlp?: number;
  lr?: number;
  weightDecay?: number;
  /** AdamW (β₁, β₂), default (0.9, 0.98) for transformers, (0.9, 0.999) for MLP-only models. */
  betas?: readonly [number, number];
  /** Warm-up steps: lr·min(step/warmup, 1) (default 10 for transformers, 0 for MLP-only models). */
  warmup?: number;
  /** Train fraction: the first ⌊frac·p²⌋ pairs of the shuffled enumeration train (default 0.8). */
  frac?: number;
  /** Examples per step (`batch_size`, default p²: the whole training split each step). */
  batch?: number;
  diffVocab?: boolean;
  eqnSign?: boolean;
}

export type KnobName = keyof KnobOptions;

/** How a knob's command-line value is read. */
export type KnobKind = 'integer' | 'number' | 'pair' | 'flag';

/** The values a number knob accepts on the command line (the shape of cli/command.ts's NumberRange: every number option is bounded). */
export interface KnobRange {
  integer: boolean;
  min: number;
  max: number;
  /** min and max themselves excluded. */
  exclusive?: boolean;
}

export interface KnobSpec {
  /** The option, `--<flag>` on train and sweep. */
  flag: string;
  /** The key in the sidecar (the reference's where it has one). */
  configKey: string;
  kind: KnobKind;
  placeholder: string;
  /** Help text, ending with the default. */
  description: string;
  /** Only for transformers (an MLP-only model refuses it). */
  transformerOnly: boolean;
  /** Short label in sweep run ids (`-p31`, `-h2`). */
  idLabel: string;
  /** integer and number knobs: the range the command line accepts (resolveSpec checks what depends on other knobs). */
  range?: KnobRange;
}

/** Every knob, in the order of the reference's config (then clockpizza's additions). */
export const KNOBS: Readonly<Record<KnobName, KnobSpec>> = {
  p: { flag: 'p', configKey: 'C', kind: 'integer', placeholder: 'P', description: 'modulus p (any integer 7–1000; non-primes warn; default 59)', transformerOnly: false, idLabel: 'p', range: { integer: true, min: 7, max: 1000 } },
  heads: { flag: 'heads', configKey: 'n_heads', kind: 'integer', placeholder: 'H', description: 'attention heads (default 4)', transformerOnly: true, idLabel: 'h', range: { integer: true, min: 1, max: 1024 } },
  dHead: { flag: 'd-head', configKey: 'd_head', kind: 'integer', placeholder: 'DH', description: 'head width (default floor(d_model/heads))', transformerOnly: true, idLabel: 'dh', range: { integer: true, min: 1, max: 1024 } },
  dMlp: { flag: 'd-mlp', configKey: 'd_mlp', kind: 'integer', placeholder: 'DM', description: 'MLP width (default 4·d_model)', transformerOnly: true, idLabel: 'dm', range: { integer: true, min: 1, max: 4096 } },
  lr: { flag: 'lr', configKey: 'lr', kind: 'number', placeholder: 'LR', description: 'AdamW learning rate (default 1e-3)', transformerOnly: false, idLabel: 'lr', range: { integer: false, min: 0, max: 10, exclusive: true } },
  weightDecay: { flag: 'weight-decay', configKey: 'weight_decay', kind: 'number', placeholder: 'WD', description: 'AdamW weight decay (default 2)', transformerOnly: false, idLabel: 'wd', range: { integer: false, min: 0, max: 1000 } },
  betas: { flag: 'betas', configKey: 'betas', kind: 'pair', placeholder: 'B1,B2', description: 'AdamW betas (default 0.9,0.98; MLP-only 0.9,0.999)', transformerOnly: false, idLabel: 'b' },
  warmup: { flag: 'warmup', configKey: 'warmup', kind: 'integer', placeholder: 'N', description: 'linear warm-up steps from lr 0 (default 10; MLP-only 0)', transformerOnly: false, idLabel: 'wu', range: { integer: true, min: 0, max: 10_000_000 } },
  frac: { flag: 'frac', configKey: 'frac', kind: 'number', placeholder: 'F', description: 'train fraction of the p² pairs (default 0.8)', transformerOnly: false, idLabel: 'f', range: { integer: false, min: 0, max: 1, exclusive: true } },
  batch: { flag: 'batch', configKey: 'batch_size', kind: 'integer', placeholder: 'B', description: 'examples per step, in split order (default p²: full batch)', transformerOnly: false, idLabel: 'bs', range: { integer: true, min: 1, max: 1_000_000 } },
  diffVocab: { flag: 'diff-vocab', configKey: 'diff_vocab', kind: 'flag', placeholder: '', description: 'b is token b + p (vocabulary 2p)', transformerOnly: true, idLabel: 'dv' },
  eqnSign: { flag: 'eqn-sign', configKey: 'eqn_sign', kind: 'flag', placeholder: '', description: 'a third token `=` (n_ctx 3)', transformerOnly: true, idLabel: 'eq' },
};

export const KNOB_NAMES = Object.keys(KNOBS) as KnobName[];

/** Whether n is prime (trial division; p ≤ 1000). */
export function isPrime(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 2) return false;
  for (let k = 2; k * k <= n; k++) if (n % k === 0) return false;
  return true;
}

/** Values of knobs on a sweep grid (only the knobs the sweep varies or sets). */
export type KnobGrid = { [K in KnobName]?: NonNullable<KnobOptions[K]>[] };

/** A knob's value as the sidecar writes it (flags as booleans, pairs as arrays). */
export function knobText(name: KnobName, value: NonNullable<KnobOptions[KnobName]>): string {
  if (KNOBS[name].kind === 'flag') return value ? '1' : '0';
  if (KNOBS[name].kind === 'pair') return (value as readonly number[]).join('_');
  return String(value);
}
