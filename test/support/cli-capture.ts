import { main } from '../../src/cli/main.js';

/**
 * Runs `clockpizza <argv>` in-process and captures what it prints (for command tests).
 * Not a test file itself: shared by the audit and golden command tests.
 */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const log = console.log;
  const error = console.error;
  const write = process.stdout.write.bind(process.stdout);
  console.log = (...args: unknown[]) => void (stdout += args.map(String).join(' ') + '\n');
  console.error = (...args: unknown[]) => void (stderr += args.map(String).join(' ') + '\n');
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    console.log = log;
    console.error = error;
    process.stdout.write = write;
  }
}
