/**
 * Oracles at p = 59: one spec's template table (59³ logits, the input of every per-circle FVE)
 * and a full oracle audit's hot paths, with the spec compiled to plain JavaScript beside the
 * baseline of evaluating mathjs's own compiled expression per logit, measured in the same run.
 */
import { compile } from 'mathjs';
import { algorithm, templateTable } from '../../src/oracle/compile.js';
import { oracleNetwork } from '../../src/oracle/oracle-network.js';
import type { Triple } from '../../src/model/network.js';
import { medianMs } from '../bench-support.js';

const p = 59;

/** The baseline: the same table through mathjs `compile(logit).evaluate(scope)` per entry. */
function mathjsTable(logit: string, k: number): Float64Array {
  const code = compile(logit);
  const table = new Float64Array(p ** 3);
  const w = (2 * Math.PI * k) / p;
  const scope = { ca: 0, sa: 0, cb: 0, sb: 0, c: 0, w };
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      scope.ca = Math.cos(w * a);
      scope.sa = Math.sin(w * a);
      scope.cb = Math.cos(w * b);
      scope.sb = Math.sin(w * b);
      for (let c = 0; c < p; c++) {
        scope.c = c;
        table[(a * p + b) * p + c] = code.evaluate(scope) as number;
      }
    }
  }
  return table;
}

export async function bench(): Promise<void> {
  const rows: [string, number, number][] = [];
  for (const name of ['clock', 'pizza-notebook', 'pizza-prime']) {
    const alg = algorithm(name);
    const ours = medianMs(() => templateTable(alg, p, [17]));
    const baseline = medianMs(() => mathjsTable(alg.spec.logit, 17), 1);
    const reference = mathjsTable(alg.spec.logit, 17);
    const diff = templateTable(alg, p, [17]).reduce((m, x, i) => Math.max(m, Math.abs(x - reference[i]!)), 0);
    if (diff > 1e-12) throw new Error(`${name}: compiled table differs from mathjs by ${diff}`);
    rows.push([`templateTable ${name} (59³)`, ours, baseline]);
  }
  const compileMs = medianMs(() => algorithm('pizza-notebook'));
  const oracle = oracleNetwork(algorithm('pizza-notebook'), p, [7, 17], { radii: [1, 0.6] });
  const logitsMs = medianMs(() => oracle.allLogits());
  const triples: Triple[] = Array.from({ length: 100 }, (_, i) => [(i * 7) % p, (i * 13) % p, (i * 29) % p]);
  const gradientsMs = medianMs(() => oracle.embeddingGradients(triples));

  console.log('| step | compiled JS (ms) | mathjs evaluate (ms) | speed-up |');
  console.log('|---|---:|---:|---:|');
  for (const [what, ours, baseline] of rows) console.log(`| ${what} | ${ours.toFixed(1)} | ${baseline.toFixed(1)} | ${(baseline / ours).toFixed(0)}× |`);
  console.log(`| load + compile pizza-notebook (value + 4 derivatives) | ${compileMs.toFixed(1)} | — | — |`);
  console.log(`| oracle allLogits, 2 frequencies | ${logitsMs.toFixed(1)} | — | — |`);
  console.log(`| oracle embeddingGradients, 100 triples | ${gradientsMs.toFixed(2)} | — | — |`);
}
