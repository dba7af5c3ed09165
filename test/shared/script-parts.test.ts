import fc from 'fast-check';
import { joinScriptParts, readScriptPart, ScriptPart, splitScript } from '../../src/shared/script-parts';

const BUILD = '0123abcd';

function parts(script: string, maxBytes: number, build = BUILD): ScriptPart[] {
  return splitScript(script, maxBytes, build).map((file) => readScriptPart(file)!);
}

describe('splitScript', () => {
  test('the fewest files within the size, header included, in nearly equal shares that join back', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-ascii', maxLength: 5000 }),
        fc.integer({ min: 100, max: 900 }),
        (script, max) => {
          const files = splitScript(script, max, BUILD);
          for (const file of files) expect(Buffer.byteLength(file)).toBeLessThanOrEqual(max);
          const read = files.map((file) => readScriptPart(file)!);
          expect(read.map((p) => [p.part, p.parts, p.build])).toEqual(read.map((_, i) => [i + 1, files.length, BUILD]));
          expect(joinScriptParts(read)).toBe(script);
          // One part fewer could not hold the script beside the longest header (3-digit part numbers).
          const room = max - `// Sheet CNN script part 999 of 999, build ${BUILD}\n`.length;
          expect((files.length - 1) * room).toBeLessThan(Math.max(script.length, 1));
          const sizes = read.slice(0, -1).map((p) => p.text.length);
          expect(new Set(sizes).size).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  test('the face detector: 1,602,299 characters into 11 parts of 145,664 (the last 145,659)', () => {
    const split = parts('x'.repeat(1_602_299), 150 * 1024);
    expect(split.map((p) => p.text.length)).toEqual([...Array(10).fill(145_664), 145_659]);
  });

  test('refuses text that is not printable ASCII (a character is not a byte), a size too small for a header, and over 999 parts', () => {
    expect(() => splitScript('é', 1000, BUILD)).toThrow(
      'splitScript: the script must be printable ASCII (characters = bytes).',
    );
    expect(() => splitScript('abc', 40, BUILD)).toThrow("splitScript: 40 bytes cannot hold a part's header.");
    // 1,000 parts would need 4-digit part numbers, which the headers have no room for.
    expect(() => splitScript('x'.repeat(48_000), 100, BUILD)).toThrow(
      'splitScript: the script needs 1000 parts of 100 bytes; at most 999.',
    );
  });
});

describe('readScriptPart', () => {
  test('reads the header line, or gives null for a file without one', () => {
    expect(readScriptPart('// Sheet CNN script part 2 of 3, build 89abcdef\nvar a;')).toEqual({
      part: 2,
      parts: 3,
      build: '89abcdef',
      text: 'var a;',
    });
    expect(readScriptPart('<html>not a part</html>')).toBeNull();
    expect(readScriptPart('// Sheet CNN script part 2 of 3, build XYZ\nvar a;')).toBeNull();
  });
});

describe('joinScriptParts', () => {
  const script = 'abcdefghijklmnopqrstuvwxyz'.repeat(20);

  test('joins parts that arrive in any order', () => {
    const split = parts(script, 200);
    expect(split.length).toBeGreaterThan(3);
    expect(joinScriptParts([...split].reverse())).toBe(script);
  });

  test('refuses a missing part, naming the parts that arrived', () => {
    const split = parts(script, 200);
    expect(() => joinScriptParts(split.filter((p) => p.part !== 2))).toThrow(
      `The script needs ${split.length} parts; parts 1, ${split
        .slice(2)
        .map((p) => p.part)
        .join(', ')} arrived.`,
    );
    expect(() => joinScriptParts([])).toThrow('No part of the script arrived.');
  });

  test('refuses parts of two builds (fetched while the add-on was being updated)', () => {
    const older = parts(script, 200, 'aaaaaaaa');
    const newer = parts(script, 200, 'bbbbbbbb');
    expect(() => joinScriptParts([older[0], ...newer.slice(1)])).toThrow(
      'The parts of the script come from two versions of the add-on (it was being updated): try again.',
    );
  });
});
