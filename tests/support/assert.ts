/**
 * std-style assertion names over node:assert/strict (JSR's @std/assert does not resolve on our machines).
 * @module
 */
import assert from "node:assert/strict";

export function assertEquals<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
  assert.deepStrictEqual(actual, expected, message);
}

export function assertNotEquals(actual: unknown, expected: unknown, message?: string): void {
  assert.notDeepStrictEqual(actual, expected, message);
}

export function assert_(condition: unknown, message?: string): asserts condition {
  assert.ok(condition, message);
}
export { assert_ as assert };

export function assertMatch(actual: string, expected: RegExp, message?: string): void {
  assert.match(actual, expected, message);
}

export function assertStringIncludes(actual: string, expected: string, message?: string): void {
  assert.ok(
    actual.includes(expected),
    message ?? `Expected ${JSON.stringify(actual)} to include ${JSON.stringify(expected)}`,
  );
}

// deno-lint-ignore no-explicit-any
type ErrorClass<E extends Error = Error> = abstract new (...args: any[]) => E;

export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  errorClass?: ErrorClass<E>,
  messageIncludes?: string,
): E {
  try {
    fn();
  } catch (error) {
    return checkError(error, errorClass, messageIncludes);
  }
  throw new assert.AssertionError({ message: "Expected function to throw" });
}

export async function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  errorClass?: ErrorClass<E>,
  messageIncludes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (error) {
    return checkError(error, errorClass, messageIncludes);
  }
  throw new assert.AssertionError({ message: "Expected function to reject" });
}

function checkError<E extends Error>(error: unknown, errorClass?: ErrorClass<E>, messageIncludes?: string): E {
  if (errorClass && !(error instanceof errorClass)) {
    throw new assert.AssertionError({
      message: `Expected error to be instance of ${errorClass.name}, got ${String(error)}`,
    });
  }
  if (messageIncludes !== undefined && !(error instanceof Error && error.message.includes(messageIncludes))) {
    throw new assert.AssertionError({
      message: `Expected error message to include ${JSON.stringify(messageIncludes)}, got ${String(error)}`,
    });
  }
  return error as E;
}
