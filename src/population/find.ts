import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ClockpizzaError } from '../errors.js';

/**
 * The checkpoints under a population's inputs: every `.pt`, `.pth` and `.safetensors` file under
 * each directory (recursively, hidden directories skipped), and each file given by name whatever
 * its extension. This covers the reference's `model_<id>.pt` + `config_<id>.json`, safetensors
 * with a sidecar, this project's run folders (`runs/<id>/model.safetensors`) and lone
 * TransformerLens files (given `--config`); the sidecar of each is found as `audit` finds it.
 * A file reached twice (two inputs, a symlink) is listed once. Sorted by path, so the order, and
 * with it the results file, does not depend on the file system.
 */

const CHECKPOINT = /\.(pt|pth|safetensors)$/i;

export function findCheckpoints(inputs: readonly string[]): string[] {
  const found = new Map<string, string>();
  const add = (path: string): void => {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      real = path;
    }
    if (!found.has(real)) found.set(real, path);
  };
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      throw new ClockpizzaError(`cannot list the directory: ${(error as Error).message}`, { file: dir });
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (CHECKPOINT.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) add(path);
    }
  };
  for (const input of inputs) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(input).isDirectory();
    } catch {
      throw new ClockpizzaError('no such file or directory', { file: input });
    }
    if (isDirectory) walk(input);
    else add(input);
  }
  return [...found.values()].sort();
}
