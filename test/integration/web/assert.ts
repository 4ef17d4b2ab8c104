// The part of node:assert the suites use, for the web-worker extension host (no node:assert
// there). build-tests.mjs maps `assert` to this file in the web bundle only.
export class AssertionError extends Error {
  override name = 'AssertionError';
}

const show = (v: unknown) => {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};

export function ok(value: unknown, message?: string): asserts value {
  if (!value) throw new AssertionError(message ?? `expected a truthy value, got ${show(value)}`);
}

export function strictEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(message ?? `expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function notStrictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (Object.is(actual, expected)) throw new AssertionError(message ?? `expected anything but ${show(expected)}`);
}

export function deepStrictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (show(actual) !== show(expected)) {
    throw new AssertionError(message ?? `expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function match(value: string, pattern: RegExp, message?: string): void {
  if (!pattern.test(value)) throw new AssertionError(message ?? `${show(value)} does not match ${pattern}`);
}

export function fail(message?: string): never {
  throw new AssertionError(message ?? 'failed');
}

export default Object.assign(ok, { ok, strictEqual, notStrictEqual, deepStrictEqual, match, fail, AssertionError });
