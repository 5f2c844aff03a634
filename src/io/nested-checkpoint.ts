import { ClockpizzaError } from '../errors.js';
import { PyDict, PyList, PyTuple, TensorRef, describePy, type PyValue } from './pickle.js';

/**
 * Checkpoints as other labs save them: `torch.save({'model': model.state_dict(), 'optimizer':
 * …, 'scheduler': …, 'train_losses': […], 'config': {…}})`. The restricted unpickler has already
 * turned the pickle into inert records (no code runs, no storage is read); here the state dict is
 * picked out of the top-level dict, a plain `config` dict is turned into JSON, and everything
 * else (optimizer moments in Double storages, step counters in Long ones, lists of losses) is
 * left as unread references: its storages are never planned, inflated or allocated.
 */

/** The keys a state dict is looked for under, in this order, when no `--key` is given. */
export const STATE_DICT_KEYS = ['model', 'state_dict', 'model_state_dict'] as const;

export interface LocatedStateDict {
  /** The dict of tensors. */
  stateDict: PyDict;
  /** Its dotted path in the top-level dict; undefined when the top level is the state dict. */
  key?: string;
  /** The checkpoint's own `config` dict as JSON, when it has a plain one beside the state dict. */
  config?: Record<string, unknown>;
}

/**
 * The state dict of a checkpoint's top-level dict: the dict at `key` (a dotted path) if given,
 * else the top level itself when every value is a tensor, else the first of STATE_DICT_KEYS
 * present. `file` and `entry` name the source in errors.
 */
export function locateStateDict(top: PyDict, file: string, entry: string, key?: string): LocatedStateDict {
  if (key !== undefined) return { stateDict: atPath(top, key, file, entry), key, ...configOf(top, file) };
  if ([...top.entries.values()].every((v) => v instanceof TensorRef)) return { stateDict: top };
  const found = STATE_DICT_KEYS.find((k) => top.entries.get(k) instanceof PyDict);
  if (found === undefined) {
    const keys = [...top.entries.keys()].slice(0, 8).map((k) => JSON.stringify(k));
    throw new ClockpizzaError(
      `is neither a state dict (a dict of tensors) nor a checkpoint holding one under ${STATE_DICT_KEYS.map((k) => `'${k}'`).join(', ')}; ` +
        `its keys are ${keys.join(', ')}${top.entries.size > 8 ? ', …' : ''} (give --key PATH)`,
      { file, field: entry },
    );
  }
  return { stateDict: top.entries.get(found) as PyDict, key: found, ...configOf(top, file) };
}

/** The dict at a dotted path (`model`, `checkpoint.model`); integer path parts also match int keys. */
function atPath(top: PyDict, path: string, file: string, entry: string): PyDict {
  let here: PyValue = top;
  let walked = '';
  for (const part of path.split('.')) {
    walked = walked === '' ? part : `${walked}.${part}`;
    if (!(here instanceof PyDict)) throw new ClockpizzaError(`holds ${describePy(here)}, not a dict (--key ${path})`, { file, field: walked });
    const dict: PyDict = here;
    const asInt = /^\d+$/.test(part) ? Number(part) : undefined;
    const next = dict.entries.get(part) ?? (asInt === undefined ? undefined : dict.entries.get(asInt));
    if (next === undefined) {
      const keys = [...dict.entries.keys()].slice(0, 8).map((k) => JSON.stringify(k));
      throw new ClockpizzaError(`no such key (--key ${path}); the dict holds ${keys.join(', ') || 'nothing'}`, { file, field: walked });
    }
    here = next;
  }
  if (!(here instanceof PyDict)) throw new ClockpizzaError(`holds ${describePy(here)}, not a state dict (--key ${path})`, { file, field: path });
  return here;
}

/** `{ config }` when the top level has a `config` dict of plain values; nothing otherwise. */
function configOf(top: PyDict, file: string): { config?: Record<string, unknown> } {
  const config = top.entries.get('config');
  if (!(config instanceof PyDict)) return {};
  return { config: plainObject(config, file, 'config') };
}

/**
 * A dict of plain values (str/int/float/bool/None, lists, tuples and dicts of them) as JSON.
 * A value that is not plain (a tensor, a global) is a ClockpizzaError naming it: a config that
 * cannot be read is not silently half-read.
 */
function plainObject(dict: PyDict, file: string, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of dict.entries) {
    if (typeof k !== 'string') throw new ClockpizzaError(`key ${String(k)} is not a string`, { file, field: path });
    // Object.defineProperty: a key named __proto__ stays an ordinary own property.
    Object.defineProperty(out, k, { value: plain(v, file, `${path}.${k}`), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function plain(v: PyValue, file: string, path: string): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map((x, i) => plain(x, file, `${path}[${i}]`));
  if (v instanceof PyDict) return plainObject(v, file, path);
  throw new ClockpizzaError(`holds ${describePy(v)}; a config holds plain values only`, { file, field: path });
}
