/** Checks of a command-line flag's text, with messages that name the flag, what it takes and what it got. */

export function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new Error(`${flag} must be a whole number from ${min} to ${max}; got "${text}".`);
  return value;
}

export function oneOf<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text))
    throw new Error(`${flag} must be one of ${choices.join(', ')}; got "${text}".`);
  return text as T;
}
