import type { Matrix } from '../model/network.js';
import { defineInput } from './definition.js';

/** The two network reads most metrics share; inputs derived from them live beside their code (pca.ts, fourier.ts, …). */

/** All logits (row a·p + b): the expensive call, made once per measurement. */
export const logitsInput = defineInput<Float64Array>('allLogits', ['logits'], (context) => context.network.allLogits());

/** The token embedding, one row per token. */
export const embeddingInput = defineInput<Matrix>('embeddingMatrix', ['embedding'], (context) => context.network.embeddingMatrix());
