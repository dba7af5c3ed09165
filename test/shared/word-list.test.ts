import { wordList } from '../../src/shared/word-list';

describe('wordList', () => {
  it.each<[string[], 'and' | 'or', string]>([
    [[], 'and', ''],
    [['Ada'], 'and', 'Ada'],
    [['Ada', 'Grace'], 'and', 'Ada and Grace'],
    [['JPEG', 'PNG', 'PGM'], 'or', 'JPEG, PNG or PGM'],
  ])('lists %j with "%s" as %j', (words, conjunction, expected) => {
    expect(wordList(words, conjunction)).toBe(expected);
  });
});
