/**
 * Checks for every request that reaches the server. google.script.run hands over whatever the page sent, so
 * nothing is trusted: each check says what is wrong and how to fix it, naming the request field.
 */

/** Longest class or picture name kept (longer names are refused, not cut, so nothing changes silently). */
export const MAX_NAME_LENGTH = 100;

/** Largest seed accepted (seeds are folded into 32 bits; whole numbers up to this are all distinct). */
export const MAX_SEED = 2 ** 31 - 1;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return `the text "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'not a number (NaN)' : String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return `a ${typeof value}`;
}

/** A plain object, e.g. a request body. */
export function requireRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what} is ${describe(value)}; expected an object with named fields`);
  }
  return value as Record<string, unknown>;
}

export function requireNumber(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${what} is ${describe(value)}; expected a number from ${min} to ${max}`);
  }
  return value;
}

/** A number above 0 (e.g. a learning rate): said that way, not as "from 5e-324". */
export function requirePositive(value: unknown, what: string, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new Error(`${what} is ${describe(value)}; expected a number above 0 and at most ${max}`);
  }
  return value;
}

export function requireInteger(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${what} is ${describe(value)}; expected a whole number from ${min} to ${max}`);
  }
  return value;
}

export function requireChoice<T extends string>(value: unknown, what: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new Error(`${what} is ${describe(value)}; expected one of ${choices.map((c) => `"${c}"`).join(', ')}`);
  }
  return value as T;
}

export function requireArray(value: unknown, what: string, minLength: number, maxLength: number): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} is ${describe(value)}; expected a list`);
  if (value.length < minLength || value.length > maxLength) {
    throw new Error(
      `${what} has ${value.length} entries; expected ${minLength === maxLength ? minLength : `${minLength} to ${maxLength}`}`,
    );
  }
  return value;
}

/**
 * A class or picture name: text of 1–100 characters after trimming, with no control characters. Any text is
 * kept exactly, "=A1" or "0012" included (sheets write it through textCell). Returns the trimmed name.
 */
export function requireName(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} is ${describe(value)}; expected a name (text)`);
  const name = value.trim();
  if (name === '') throw new Error(`${what} is empty; type a name of 1 to ${MAX_NAME_LENGTH} characters`);
  if (name.length > MAX_NAME_LENGTH) {
    throw new Error(
      `${what} "${name.slice(0, 40)}…" has ${name.length} characters; shorten it to at most ${MAX_NAME_LENGTH}`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    throw new Error(
      `${what} "${name.slice(0, 40)}" contains a line break or other control character; use plain text on one line`,
    );
  }
  return name;
}

/** A list of names with no two equal (ignoring case), each checked by requireName. */
export function requireNameList(value: unknown, what: string, minLength: number, maxLength: number): string[] {
  const names = requireArray(value, what, minLength, maxLength).map((item, i) => requireName(item, `${what}[${i}]`));
  assertDistinctNames(names, what);
  return names;
}

/** Throws when two names are equal ignoring case (a sheet shows them as the same class). */
export function assertDistinctNames(names: readonly string[], what: string): void {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined)
      throw new Error(
        `${what} has "${name}" twice (entries ${first + 1} and ${i + 1}); every class needs its own name`,
      );
    seen.set(key, i);
  });
}
