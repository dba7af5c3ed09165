/** "A", "A and B", "A, B and C" (or "A, B or C"): names listed in messages. */
export function wordList(words: readonly string[], conjunction: 'and' | 'or'): string {
  return words.length < 2
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}
