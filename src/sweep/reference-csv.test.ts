import { describe, expect, it } from 'vitest';
import { parseReferenceCsv } from './reference-csv.js';

const HEADER = ',Name,attn_coeff,d_model,diff_vocab,eqn_sign,epoch,n_layers,runid,distance_irrelevance,parameter_norm,gradient_sim,circularity';

describe('parseReferenceCsv', () => {
  it('reads rows into Runs; empty cells are missing values; flags as 0/1 or true/false', () => {
    const text = [HEADER, '0,"a, run",0.5,128,0,0,20000,1,abc,0.3,25.5,0.95,0.999', '1,b,0.1,64,true,False,,2,def,,,,'].join('\n');
    const runs = parseReferenceCsv(text, 't.csv');
    expect(runs[0]).toMatchObject({ file: 't.csv', line: 2, source: 'reference-csv', runid: 'abc', seed: null, attn: 0.5, width: 128, layers: 1, diffVocab: false, eqnSign: false, steps: 20000, verdict: null });
    expect(runs[0]!.metrics).toEqual({ accuracy: null, parameterNorm: 25.5, gradientSymmetricity: 0.95, distanceIrrelevance: null, distanceIrrelevanceTopIncorrect: 0.3, circularity: 0.999 });
    expect(runs[1]).toMatchObject({ diffVocab: true, eqnSign: false, layers: 2, steps: null });
    expect(runs[1]!.metrics.circularity).toBeNull();
  });

  it('names the file, line and column of bad cells and missing columns', () => {
    expect(() => parseReferenceCsv([HEADER, '0,a,x,128,0,0,1,1,r,,,,'].join('\n'), 't.csv')).toThrow('t.csv:2: attn_coeff: expected a number, got "x"');
    expect(() => parseReferenceCsv([HEADER, '0,a,0.2,128,2,0,1,1,r,,,,'].join('\n'), 't.csv')).toThrow('t.csv:2: diff_vocab: expected 0/1 or false/true, got "2"');
    expect(() => parseReferenceCsv([HEADER, '0,a,0.2,,0,0,1,1,r,,,,'].join('\n'), 't.csv')).toThrow('t.csv:2: d_model: empty, but every run needs it');
    expect(() => parseReferenceCsv([HEADER, '0,a,1.5,128,0,0,1,1,r,,,,'].join('\n'), 't.csv')).toThrow(/attention rate outside/);
    expect(() => parseReferenceCsv('runid,attn_coeff\nr,0.1\n', 't.csv')).toThrow('t.csv: d_model: no column "d_model" in the header');
  });
});
