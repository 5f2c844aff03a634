import { ClockpizzaError } from '../errors.js';
import { readInputFile } from '../io/read-input.js';
import { compileSchema, schemaProblems } from '../schema/validate.js';
import type { DynamicsHeader, Snapshot } from './snapshot.js';

/**
 * DIR/dynamics.jsonl (spec/schemas/dynamics.schema.json): a header line, then one line per
 * snapshot in step order. Written whole and atomically with the run; read back with every line
 * checked, errors naming the file, the line and the field.
 */


export interface Dynamics {
  file: string;
  header: DynamicsHeader;
  snapshots: Snapshot[];
}

export function dynamicsText(header: DynamicsHeader, snapshots: readonly Snapshot[]): string {
  return [header, ...snapshots].map((line) => `${JSON.stringify(line)}\n`).join('');
}

export function readDynamics(file: string): Dynamics {
  return parseDynamics(new TextDecoder().decode(readInputFile(file)), file);
}

export function parseDynamics(text: string, file: string): Dynamics {
  const validate = compileSchema('dynamics');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new ClockpizzaError('empty: expected a header line', { file });
  let header: DynamicsHeader | undefined;
  const snapshots: Snapshot[] = [];
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (error) {
      throw new ClockpizzaError(`not JSON: ${(error as Error).message}`, { file: where });
    }
    const kind = (data as { kind?: unknown } | null)?.kind;
    const wanted = i === 0 ? 'header' : 'snapshot';
    if (kind !== wanted) throw new ClockpizzaError(`expected a ${wanted} line, got kind ${JSON.stringify(kind)}`, { file: where, field: 'kind' });
    const [problem] = schemaProblems(validate, data);
    if (problem !== undefined) throw new ClockpizzaError(`${problem.message} (spec/schemas/dynamics.schema.json)`, { file: where, field: problem.pointer || '(line)' });
    if (i === 0) header = data as DynamicsHeader;
    else {
      const snapshot = data as Snapshot;
      const previous = snapshots[snapshots.length - 1];
      if (previous !== undefined && snapshot.step <= previous.step) throw new ClockpizzaError(`step ${snapshot.step} does not follow step ${previous.step}`, { file: where, field: 'step' });
      snapshots.push(snapshot);
    }
  });
  return { file, header: header!, snapshots };
}
