/**
 * Writes the weight-level ideal Pizza transformer (src/oracle/pizza-transformer.ts) at p = 59 as
 * a checkpoint with its sidecar: fixtures/ideal-pizza-p59.safetensors + .json. Deterministic:
 * re-running rewrites identical bytes (a test checks the committed files against the builder).
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/make-ideal-pizza.js
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeSafetensors } from '../src/io/safetensors.js';
import { writeFileAtomic } from '../src/io/atomic-write.js';
import { idealPizzaWeights, type IdealPizza } from '../src/oracle/pizza-transformer.js';
import { repoRoot } from '../src/reference.js';

export const IDEAL_PIZZA_FIXTURE = 'fixtures/ideal-pizza-p59';

/** The construction, written into the safetensors __metadata__ so the file documents itself. */
export function idealPizzaMetadata(built: IdealPizza): Record<string, string> {
  return {
    what: 'weight-level ideal Pizza (notebook template), 1-layer reference transformer, attn_coeff 0',
    built_by: 'scripts/make-ideal-pizza.ts (src/oracle/pizza-transformer.ts)',
    p: String(built.p),
    frequencies: JSON.stringify(built.frequencies),
    radii: JSON.stringify(built.radii),
    ov_gain: String(built.gain),
    d_model: String(built.dModel),
    live_neurons: `${built.liveNeurons} of ${4 * built.dModel}`,
  };
}

export function idealPizzaFixtureBytes(): { safetensors: Uint8Array; sidecar: string } {
  const built = idealPizzaWeights();
  return {
    safetensors: encodeSafetensors(built.tensors, idealPizzaMetadata(built)),
    sidecar: `${JSON.stringify(built.sidecar, null, 2)}\n`,
  };
}

function main(): void {
  const base = resolve(repoRoot(), IDEAL_PIZZA_FIXTURE);
  mkdirSync(resolve(base, '..'), { recursive: true });
  const { safetensors, sidecar } = idealPizzaFixtureBytes();
  writeFileAtomic(`${base}.safetensors`, safetensors);
  writeFileAtomic(`${base}.json`, sidecar);
  console.log(`wrote ${base}.safetensors (${safetensors.length} bytes) and ${base}.json`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
