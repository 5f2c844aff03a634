import { circularityGate } from '../audit/circularity-gate.js';
import { loadRules } from '../audit/rules.js';
import { checkClaims, claimsJunit, formatClaimsCheck } from '../claims/check.js';
import { loadClaims } from '../claims/claims-file.js';
import { ClockpizzaError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { readPopulation } from '../sweep/population.js';
import { defineCommand } from './command.js';
import { claimOutputs } from './output-paths.js';

export const command = defineCommand({
  name: 'claims',
  summary:
    'Checks population-level claims (spec/claims/*.json, schema spec/schemas/claims.schema.json: a crossing within an interval, a median within a band, a circular fraction at least a value, a KS test not rejecting) against each population given: a table of claim, value, claimed and result. Exit 1 when a claim fails, 2 on bad input.',
  usage: 'clockpizza claims check <claims.json> <results.jsonl | population.jsonl | reference.csv>… [--rule R] [--junit FILE] [--force]',
  options: {
    rule: { type: 'string', description: 'rule file whose non-circular gate decides which runs are circular (default spec/rules/paper.json)', placeholder: 'FILE' },
    junit: { type: 'string', description: 'also write a JUnit XML report (one test case per claim and population)', placeholder: 'FILE' },
    force: { type: 'boolean', description: 'overwrite an existing --junit file' },
  },
  async run(positionals, options) {
    const [action, claimsFile, ...populations] = positionals;
    if (action !== 'check') throw new ClockpizzaError(`expected "check", got ${action === undefined ? 'nothing' : JSON.stringify(action)}`);
    if (claimsFile === undefined || populations.length === 0) throw new ClockpizzaError('give a claims file and at least one population (sweep results .jsonl, population .jsonl or reference .csv)');
    if (options.force && options.junit === undefined) throw new ClockpizzaError('--force only applies to --junit', { field: '--force' });
    if (options.junit !== undefined) claimOutputs([options.junit], options.force === true, '--junit');
    const started = performance.now();
    const claims = loadClaims(claimsFile);
    const gate = circularityGate(loadRules(options.rule));
    const checks = populations.map((file) => checkClaims(claims, readPopulation(file), gate));
    console.log(checks.map(formatClaimsCheck).join('\n\n'));
    if (options.junit !== undefined) {
      writeFileAtomic(options.junit, claimsJunit(checks, (performance.now() - started) / 1000));
      console.log(`wrote ${options.junit}`);
    }
    return checks.every((c) => c.holds) ? 0 : 1;
  },
});
