import { main } from '../../src/cli/main.js';

/**
 * Runs `clockpizza <argv>` in-process and captures what it prints (for command tests):
 * stdout, and on stderr console.error, console.warn and direct writes (notes, progress).
 * Not a test file itself: shared by the command tests.
 */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const log = console.log;
  const error = console.error;
  const warn = console.warn;
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  console.log = (...args: unknown[]) => void (stdout += args.map(String).join(' ') + '\n');
  console.error = (...args: unknown[]) => void (stderr += args.map(String).join(' ') + '\n');
  console.warn = console.error;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    console.log = log;
    console.error = error;
    console.warn = warn;
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}
