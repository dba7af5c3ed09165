/**
 * What `npm run build` leaves for `clasp push`: the four files, a V8 manifest with exactly the two scopes,
 * stubs Sheets can autocomplete, an inlined sidebar, sizes printed, and no Node-only code.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { CUSTOM_FUNCTIONS } from '../../src/functions';
import { DOCUMENTED_FUNCTIONS } from '../../src/functions/jsdoc';
import { SHEETS_BUILTIN_NAMES } from '../functions/sheets-builtin-names';
import { buildAddOn, Build, removeBuild, ROOT } from './build-helper';

const SCOPES = [
  'https://www.googleapis.com/auth/script.container.ui',
  'https://www.googleapis.com/auth/spreadsheets.currentonly',
];

let build: Build;
let code: string;
beforeAll(() => {
  build = buildAddOn();
  code = readFileSync(path.join(build.dir, 'Code.js'), 'utf8');
}, 120_000);
afterAll(() => removeBuild(build));

const distFile = (name: string): string => path.join(build.dir, name);

describe('dist/ is what clasp push needs', () => {
  test('exactly Code.js, Sidebar.html, Files.html, FaceDetector.html and appsscript.json', () => {
    expect(readdirSync(build.dir).sort()).toEqual([
      'Code.js',
      'FaceDetector.html',
      'Files.html',
      'Sidebar.html',
      'appsscript.json',
    ]);
  });

  test('the manifest runs on V8 and asks for exactly the two scopes', () => {
    const manifest = JSON.parse(readFileSync(distFile('appsscript.json'), 'utf8'));
    expect(manifest.runtimeVersion).toBe('V8');
    expect([...manifest.oauthScopes].sort()).toEqual(SCOPES);
  });

  test('.clasp.json pushes from dist/, and clasp itself lists the four files to push', () => {
    const clasp = JSON.parse(readFileSync(path.join(ROOT, '.clasp.json'), 'utf8'));
    expect(clasp.rootDir).toBe('dist');
    const project = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-clasp-'));
    copyFileSync(path.join(ROOT, '.clasp.json'), path.join(project, '.clasp.json'));
    cpSync(build.dir, path.join(project, 'dist'), { recursive: true });
    let status: { filesToPush: string[]; untrackedFiles: string[] };
    try {
      const out = execFileSync(path.join(ROOT, 'node_modules/.bin/clasp'), ['show-file-status', '--json'], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, HOME: project },
      });
      status = JSON.parse(out);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
    expect([...status.filesToPush].sort()).toEqual([
      'dist/Code.js',
      'dist/FaceDetector.html',
      'dist/Files.html',
      'dist/Sidebar.html',
      'dist/appsscript.json',
    ]);
    expect(status.untrackedFiles).toEqual([]);
  });

  // The goals are the build's own (scripts/build.mjs explains them): pages 150 KB, Code.js 220 KB.
  test.each([
    ['Code.js', 220],
    ['Sidebar.html', 150],
    ['Files.html', 150],
  ])('the build prints the size of %s, within its %i KB goal', (name, goalKb) => {
    const kb = statSync(distFile(name)).size / 1024;
    expect(build.log).toContain(`${name.padEnd(16)} ${kb.toFixed(1).padStart(7)} KB  (within the ${goalKb} KB goal)`);
    expect(kb).toBeLessThanOrEqual(goalKb);
  });

  test("the build prints the face detector's size: it is loaded only when a face is needed, so it has no such goal", () => {
    const detectorKb = statSync(distFile('FaceDetector.html')).size / 1024;
    expect(build.log).toContain(
      `${'FaceDetector.html'.padEnd(16)} ${detectorKb.toFixed(1).padStart(7)} KB  (loaded only when a face is needed)`,
    );
  });

  test("FaceDetector.html is script text carrying the detector's weights and WebAssembly, and no network address", () => {
    const script = readFileSync(distFile('FaceDetector.html'), 'utf8');
    expect(script).toContain('SheetCnnFaceDetector');
    expect(script).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}\/[^\s"'`]*\.(bin|wasm|json)/i);
    // The weights (detector 193,321 and landmarks 77,224 bytes) and the SIMD .wasm (424,594 bytes) are inlined:
    // the script is far larger than all three.
    expect(script.length).toBeGreaterThan(193_321 + 77_224 + 424_594);
  });
});

describe('Code.js', () => {
  test('loads with no module system and no services, touching nothing at load time', () => {
    const context = vm.createContext({});
    vm.runInContext(code, context);
    expect(typeof (context as Record<string, unknown>).SheetCNN).toBe('object');
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).not.toMatch(/hyperformula|exceljs|jpeg-js|pngjs/i);
  });

  test.each(DOCUMENTED_FUNCTIONS.map((d) => [d.name, d]))(
    '%s has a stub whose JSDoc is its declaration: description, @param per parameter, @return, @customfunction',
    (name, declaration) => {
      const stub = new RegExp(
        `/\\*\\*\\n((?: \\*.*\\n)*) \\*/\\nfunction ${name}\\(([^)]*)\\) \\{\\n  return SheetCNN\\.${name}\\(([^)]*)\\);\\n\\}`,
      ).exec(code);
      expect(stub).not.toBeNull();
      const [, body, stubParams, passed] = stub!;
      const names = declaration.parameters.map((p) => p.name);
      expect(stubParams === '' ? [] : stubParams.split(', ')).toEqual(names);
      expect(passed).toBe(stubParams);
      expect(CUSTOM_FUNCTIONS[name as keyof typeof CUSTOM_FUNCTIONS].length).toBe(names.length);

      const lines = body
        .split('\n')
        .filter(Boolean)
        .map((line) => line.replace(/^ \* ?/, ''));
      const blank = lines.indexOf('');
      expect(lines.slice(0, blank).join(' ')).toBe(declaration.description);
      // The text is in the stub only: the bundle itself does not carry function-docs.ts.
      expect(code.split(declaration.returns.doc)).toHaveLength(2);
      const tags = lines.slice(blank + 1);
      expect(tags[tags.length - 1]).toBe('@customfunction');
      expect(tags[tags.length - 2]).toBe(`@return {${declaration.returns.type}} ${declaration.returns.doc}`);
      const params = tags.slice(0, -2).map((line) => /^@param \{([^}]+)\} (\[?)(\w+)\]? (.+)$/.exec(line));
      expect(params.map((m) => m?.[3])).toEqual(names);
      declaration.parameters.forEach((parameter, i) => {
        const [, type, bracket, , text] = params[i]!;
        const optional =
          parameter.kind === 'range'
            ? parameter.optional === true
            : parameter.kind !== 'value' && parameter.default !== undefined;
        expect({ name: parameter.name, optional: bracket === '[' }).toEqual({ name: parameter.name, optional });
        if (parameter.kind === 'integer') {
          expect(type).toBe('number');
          expect(text.toLowerCase()).toContain(`${parameter.meaning}, a whole number ≥ ${parameter.min}.`);
          const fallback = parameter.default;
          if (fallback !== undefined)
            expect(text).toMatch(
              typeof fallback === 'number' ? ` Default ${fallback}.` : ` Default: equal to ${fallback.sameAs}.`,
            );
        } else if (parameter.kind === 'padding') {
          expect({ type, text }).toEqual({ type: 'string', text: `${parameter.doc} Default "${parameter.default}".` });
        } else {
          expect({ type, text }).toEqual({ type: parameter.type, text: parameter.doc });
        }
      });
    },
  );

  test('no function Sheets would offer as a custom function has the name of a built-in', () => {
    const customFunctions = [...code.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\nfunction (\w+)\(/g)]
      .filter(([, jsdoc]) => jsdoc.includes('@customfunction'))
      .map(([, , name]) => name);
    expect(customFunctions).toEqual(expect.arrayContaining(Object.keys(CUSTOM_FUNCTIONS)));
    expect(customFunctions.filter((name) => SHEETS_BUILTIN_NAMES.has(name.toUpperCase()))).toEqual([]);
  });
});

describe('Sidebar.html', () => {
  test('is one self-contained page: script and styles inlined, the panel marker once', () => {
    const html = readFileSync(distFile('Sidebar.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
    expect(html.match(/<style>/g)).toHaveLength(1);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(() => new vm.Script(scripts[0])).not.toThrow();
    expect(html.split('data-initial-panel="image"')).toHaveLength(2);
  });
});

describe('Files.html', () => {
  test('is one self-contained page too, with the model-file code the sidebar does not carry', () => {
    const html = readFileSync(distFile('Files.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(() => new vm.Script(scripts[0])).not.toThrow();
    // The ONNX schema's descriptor (base64 of "\n\nonnx.proto…") is in this page and not in the sidebar.
    const onnxSchema = 'Cgpvbm54LnByb3Rv';
    expect(html).toContain(onnxSchema);
    expect(readFileSync(distFile('Sidebar.html'), 'utf8')).not.toContain(onnxSchema);
  });
});

describe('the build refuses Node-only code in the add-on', () => {
  test('an import of the local engine fails the build, naming the file and what imported it', () => {
    const entry =
      "import { LocalWorkbook } from './src/local/engine/local-workbook'; export const workbook = new LocalWorkbook();";
    const script = `
      import * as esbuild from 'esbuild';
      import { assertNoNodeOnlyCode } from './scripts/build/bundle-guard.mjs';
      import { watPlugin } from './scripts/build/wat.mjs';
      const stdin = { contents: ${JSON.stringify(entry)}, resolveDir: process.cwd(), sourcefile: 'entry.ts', loader: 'ts' };
      const result = await esbuild.build({ stdin, plugins: [watPlugin], bundle: true, format: 'iife', platform: 'neutral', mainFields: ['module', 'main'], write: false, metafile: true, logLevel: 'silent' }).catch((e) => ({ error: e }));
      if (result.error) { console.log('esbuild refused: ' + result.error.message); process.exit(0); }
      try { assertNoNodeOnlyCode(result.metafile, 'dist/Code.js'); console.log('accepted'); } catch (e) { console.log(e.message); }`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('dist/Code.js must not contain Node-only code');
    expect(out).toContain('entry.ts imports src/local/engine/local-workbook.ts: Node-only code (src/local)');
    expect(out).toContain('(bringing in hyperformula)');
  });
});

describe('the build refuses entry points it cannot stub', () => {
  function readEntries(source: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-entries-'));
    try {
      const main = path.join(dir, 'main.ts');
      writeFileSync(main, source);
      const script = `import { readEntryPoints } from './scripts/build/entry-stubs.mjs';
        try { console.log(readEntryPoints(${JSON.stringify(main)}).map((e) => e.name + '(' + e.params.map((p) => p.name) + ')').join(' ')); }
        catch (e) { console.log(e.message); }`;
      return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: ROOT,
        encoding: 'utf8',
      }).trim();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test('functions, arrows and spreads are read with their parameters', () => {
    const source =
      'function a(x: number, y: string) { return x + y; }\nconst b = (...rest: number[]) => rest;\nconst more = { c: (z: number) => z };\nconst entryPoints = { a, b, ...more };\nexport = entryPoints;\n';
    expect(readEntries(source)).toBe('a(x,y) b(rest) c(z)');
  });

  test('a value that is not a function, a name listed twice, or a missing export = are errors', () => {
    expect(readEntries('const x = 1;\nconst entryPoints = { x };\nexport = entryPoints;\n')).toMatch(
      /^Entry point x \("x" at .*main\.ts:2\) is not a function the build can read\.$/,
    );
    expect(readEntries('function a() {}\nconst entryPoints = { a, ...{ a } };\nexport = entryPoints;\n')).toMatch(
      /^Entry point a is listed twice/,
    );
    expect(readEntries('export function a() {}\n')).toMatch(/must end with `export = entryPoints`/);
  });
});
