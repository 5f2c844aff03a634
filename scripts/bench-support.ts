import { loadCheckpoint } from '../src/model/load.js';
import type { Network } from '../src/model/network.js';
import { algorithm } from '../src/oracle/compile.js';
import { oracleNetwork } from '../src/oracle/oracle-network.js';
import { hasReference, referenceCheckpoint } from '../src/reference.js';

/** What the benchmarks share: the network they time and how they time a call. */

/**
 * Model A (p99zdpze5l) when the reference material is there, else a p = 59 Clock oracle with
 * three circles (library code: the test helpers under test/support are not in the build). Says which.
 */
export async function modelAOrOracle(): Promise<Network> {
  if (hasReference()) {
    const network = (await loadCheckpoint(referenceCheckpoint('p99zdpze5l'))).network;
    console.log(`network: Model A (p99zdpze5l), ${network.description}`);
    return network;
  }
  console.log('network: synthetic p = 59 Clock, 3 circles (CLOCKPIZZA_REFERENCE absent; Model A not available)');
  return oracleNetwork(algorithm('clock'), 59, [17, 3, 15], { radii: [3, 2, 1] });
}

/** Median wall time of `runs` calls of f in ms, after one warm-up call. */
export function medianMs(f: () => unknown, runs = 5): number {
  f();
  const times = Array.from({ length: runs }, () => {
    const start = performance.now();
    f();
    return performance.now() - start;
  });
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}
