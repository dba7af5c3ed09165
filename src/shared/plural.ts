/** "1 map", "3 maps": counts in messages and sheet text. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
