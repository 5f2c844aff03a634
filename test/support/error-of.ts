import { ClockpizzaError } from '../../src/errors.js';

/**
 * The ClockpizzaError `fn` throws (for tests of hostile input). Fails with a plain Error saying
 * what happened instead when `fn` returns normally or throws any other type — exactly the bug
 * such tests look for.
 */
export function clockpizzaErrorOf(fn: () => unknown): ClockpizzaError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ClockpizzaError) return error;
    throw new Error(`expected a ClockpizzaError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
  throw new Error('expected a ClockpizzaError, but nothing was thrown');
}

/** Whether `fn` either succeeds or throws a ClockpizzaError (the law for arbitrary input). */
export function succeedsOrClockpizzaError(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (error instanceof ClockpizzaError) return true;
    throw error;
  }
}
