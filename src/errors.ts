/**
 * The one error type users see. It names the file and the field (or tensor, or option)
 * at fault, so a bad input is reported as "which file, what is wrong", never as a stack.
 */
export class ClockpizzaError extends Error {
  readonly file: string | undefined;
  readonly field: string | undefined;

  constructor(message: string, where: { file?: string; field?: string } = {}) {
    const prefix = [where.file, where.field].filter((s) => s !== undefined && s !== '').join(': ');
    super(prefix ? `${prefix}: ${message}` : message);
    this.name = 'ClockpizzaError';
    this.file = where.file;
    this.field = where.field;
  }
}

/** Re-throws any error as a ClockpizzaError naming `file`, keeping ClockpizzaErrors as they are. */
export function blameFile(file: string, error: unknown): ClockpizzaError {
  if (error instanceof ClockpizzaError) {
    return error.file === undefined ? new ClockpizzaError(error.message, { file }) : error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ClockpizzaError(message, { file });
}

/**
 * A broken invariant of clockpizza itself (a tensor gone missing after its architecture was
 * checked, a kernel region reserved too late, …): a bug to report, never a user's bad input,
 * so the CLI does not turn it into an exit-2 message but shows it as an internal error.
 */
export class InternalError extends Error {
  constructor(message: string) {
    super(`internal: ${message}`);
    this.name = 'InternalError';
  }
}
