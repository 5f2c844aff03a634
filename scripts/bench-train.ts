import { bench } from './bench/train.js';

/** `npm run bench:train`: the training-step benchmark alone. */
await bench();
