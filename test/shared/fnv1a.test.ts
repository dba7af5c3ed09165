import { fnv1a } from '../../src/shared/fnv1a';

describe('fnv1a', () => {
  // Test vectors of the FNV reference (http://www.isthe.com/chongo/tech/comp/fnv/, FNV-1a 32-bit).
  it.each<[string, number]>([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j as the reference does', (text, expected) => {
    expect(fnv1a(text)).toBe(expected);
  });
});
