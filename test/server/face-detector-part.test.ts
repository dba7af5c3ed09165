/**
 * getFaceDetectorPart over a local host whose add-on folder holds the parts as the build writes them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalHost } from '../../src/local/engine/local-host';
import { createServer } from '../../src/server';
import { joinScriptParts, splitScript } from '../../src/shared/script-parts';

const SCRIPT = 'window.detector = ' + JSON.stringify('x'.repeat(3000)) + ';';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-parts-'));
  splitScript(SCRIPT, 1024, 'c0ffee00').forEach((text, i) =>
    writeFileSync(path.join(folder, `FaceDetector${i + 1}.html`), text),
  );
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('getFaceDetectorPart', () => {
  test('answers each part with its place and build; the parts join into the script', () => {
    const server = createServer(createLocalHost(undefined, { addOnFolder: folder }));
    const first = server.getFaceDetectorPart(1);
    expect(first).toMatchObject({ part: 1, parts: 4, build: 'c0ffee00' });
    const rest = [2, 3, 4].map((part) => server.getFaceDetectorPart(part));
    expect(joinScriptParts([first, ...rest])).toBe(SCRIPT);
  });

  test('a part number that is not a whole number ≥ 1 is refused, naming the field', () => {
    const server = createServer(createLocalHost(undefined, { addOnFolder: folder }));
    for (const bad of [0, 1.5, '1', null])
      expect(() => server.getFaceDetectorPart(bad as number)).toThrow(
        /^part is .*; expected a whole number from 1 to 999$/,
      );
  });

  test('a missing part and a file that is not the part asked for say so and what to do', () => {
    const server = createServer(createLocalHost(undefined, { addOnFolder: folder }));
    expect(() => server.getFaceDetectorPart(5)).toThrow(
      `The add-on file ${path.join(folder, 'FaceDetector5.html')} is missing: run npm run build first.`,
    );
    writeFileSync(path.join(folder, 'FaceDetector2.html'), '<p>an old page</p>');
    expect(() => server.getFaceDetectorPart(2)).toThrow(
      'FaceDetector2 is not part 2 of the face detector: push the whole dist/ folder again.',
    );
    writeFileSync(path.join(folder, 'FaceDetector3.html'), splitScript(SCRIPT, 1024, 'c0ffee00')[0]);
    expect(() => server.getFaceDetectorPart(3)).toThrow('FaceDetector3 is not part 3 of the face detector');
  });

  test('a host that serves no add-on files (the CLI) says faces cannot be found there', () => {
    const host = { ...createLocalHost(undefined, { addOnFolder: folder }), addOnFile: undefined };
    expect(() => createServer(host).getFaceDetectorPart(1)).toThrow(
      'Faces cannot be found here: this host serves no face detector script.',
    );
  });
});
