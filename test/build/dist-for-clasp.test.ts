/**
 * What `npm run build` leaves for `clasp push`: the server files (one per layer), the pages, a V8 manifest
 * with exactly the two scopes, stubs Sheets can autocomplete, an inlined sidebar, sizes printed, no Node-only
 * code and no import against the layers' direction.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { CUSTOM_FUNCTIONS } from '../../src/functions';
import { DOCUMENTED_FUNCTIONS } from '../../src/functions/jsdoc';
import { SHEETS_BUILTIN_NAMES } from '../functions/sheets-builtin-names';
import { joinScriptParts, readScriptPart } from '../../src/shared/script-parts';
import { buildAddOn, Build, removeBuild, ROOT } from './build-helper';

const SCOPES = [
  'https://www.googleapis.com/auth/script.container.ui',
  'https://www.googleapis.com/auth/spreadsheets.currentonly',
];

const SERVER_FILES = ['Engine.js', 'Sheets.js', 'Code.js'];

let build: Build;
let code: string;
beforeAll(() => {
  build = buildAddOn();
  code = readFileSync(path.join(build.dir, 'Code.js'), 'utf8');
}, 120_000);
afterAll(() => removeBuild(build));

const distFile = (name: string): string => path.join(build.dir, name);
const detectorParts = (): string[] => readdirSync(build.dir).filter((name) => /^FaceDetector\d+\.html$/.test(name));

describe('dist/ is what clasp push needs', () => {
  test("exactly the three server files, Sidebar.html, Files.html, the face detector's parts and appsscript.json", () => {
    const parts = detectorParts();
    // 1.5 MB in parts of at most 150 KB, numbered from 1 with no gap.
    expect(parts.length).toBeGreaterThanOrEqual(10);
    expect(parts.sort()).toEqual(Array.from({ length: parts.length }, (_, i) => `FaceDetector${i + 1}.html`).sort());
    expect(readdirSync(build.dir).sort()).toEqual(
      [...SERVER_FILES, ...parts, 'Files.html', 'Sidebar.html', 'appsscript.json'].sort(),
    );
  });

  test('the manifest runs on V8 and asks for exactly the two scopes', () => {
    const manifest = JSON.parse(readFileSync(distFile('appsscript.json'), 'utf8'));
    expect(manifest.runtimeVersion).toBe('V8');
    expect([...manifest.oauthScopes].sort()).toEqual(SCOPES);
  });

  test('.clasp.json pushes from dist/, and clasp itself lists the files to push', () => {
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
    expect([...status.filesToPush].sort()).toEqual(
      readdirSync(build.dir)
        .map((name) => `dist/${name}`)
        .sort(),
    );
    expect(status.untrackedFiles).toEqual([]);
  });

  // The goal is the build's own (scripts/build.mjs explains it): every file, appsscript.json aside.
  test('the build prints the size of every file it writes, each within the 150 KB goal', () => {
    const files = readdirSync(build.dir).filter((name) => name !== 'appsscript.json');
    for (const name of files) {
      const kb = statSync(distFile(name)).size / 1024;
      expect(build.log).toContain(`${name.padEnd(19)} ${kb.toFixed(1).padStart(7)} KB  (within the 150 KB goal)`);
      expect(kb).toBeLessThanOrEqual(150);
    }
    expect(build.log.match(/ KB {2}\(/g)).toHaveLength(files.length);
  });

  test("the face detector's parts join into script text carrying its weights and WebAssembly, and no network address", () => {
    const parts = detectorParts().map((name) => readScriptPart(readFileSync(distFile(name), 'utf8')));
    const script = joinScriptParts(parts.map((part) => part!));
    expect(() => new vm.Script(script)).not.toThrow();
    expect(script).toContain('SheetCnnFaceDetector');
    expect(script).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}\/[^\s"'`]*\.(bin|wasm|json)/i);
    // The weights (detector 193,321 and landmarks 77,224 bytes) and the SIMD .wasm (424,594 bytes) are inlined:
    // the script is far larger than all three.
    expect(script.length).toBeGreaterThan(193_321 + 77_224 + 424_594);
  });
});

describe('the server files', () => {
  const LOADERS = { 'Engine.js': 'sheetCnnEngine_', 'Sheets.js': 'sheetCnnSheets_', 'Code.js': 'sheetCnn_' };

  test.each([
    ['the layers', SERVER_FILES],
    ['the opposite', [...SERVER_FILES].reverse()],
  ])('load in %s order with no module system and no services, and run nothing until called', (_, order) => {
    const context = vm.createContext({}) as Record<string, { exports?: unknown }>;
    for (const file of order) vm.runInContext(readFileSync(distFile(file), 'utf8'), context, { filename: file });
    // Every loader is declared and none has run yet (the rest of Code.js is the entry stubs, tested below).
    expect(
      Object.keys(context)
        .filter((name) => name.endsWith('_'))
        .sort(),
    ).toEqual(Object.values(LOADERS).sort());
    for (const loader of Object.values(LOADERS)) expect(context[loader].exports).toBeUndefined();
    const entries = vm.runInContext('sheetCnn_()', context) as Record<string, unknown>;
    expect(typeof entries.CONV2D).toBe('function');
    // Called, Code.js's loader ran the lower layers it uses, each once.
    expect(vm.runInContext('sheetCnn_() === sheetCnn_() && sheetCnnEngine_() === sheetCnnEngine_()', context)).toBe(
      true,
    );
    for (const loader of Object.values(LOADERS)) expect(context[loader].exports).toBeDefined();
  });

  test('a project missing a lower layer says which file to push, at the first call', () => {
    const context = vm.createContext({});
    for (const file of ['Sheets.js', 'Code.js'])
      vm.runInContext(readFileSync(distFile(file), 'utf8'), context, { filename: file });
    expect(() => vm.runInContext('RELU([[1]])', context)).toThrow(
      'Sheet CNN is incomplete: this script project has no file Engine (dist/Engine.js). Push the whole dist/ folder again (npm run push).',
    );
  });

  test.each(['Engine.js', 'Sheets.js'])('%s declares nothing but its loader', (file) => {
    const context = vm.createContext({});
    vm.runInContext(readFileSync(distFile(file), 'utf8'), context, { filename: file });
    expect(Object.keys(context)).toEqual([LOADERS[file as keyof typeof LOADERS]]);
  });

  test.each(SERVER_FILES)('%s is plain script: no require, no Node-only library', (file) => {
    const text = readFileSync(distFile(file), 'utf8');
    expect(text).not.toMatch(/\brequire\(/);
    expect(text).not.toMatch(/hyperformula|exceljs|jpeg-js|pngjs/i);
  });

  test('each layer is built once: the engine in Engine.js, the sheet layer in Sheets.js', () => {
    const text = Object.fromEntries(SERVER_FILES.map((file) => [file, readFileSync(distFile(file), 'utf8')]));
    // The kernels' WebAssembly (base64 of "\0asm", version 1) and a message of the sheet layer.
    const wasm = 'AGFzbQEAAAA';
    const sheetMessage = 'does not say "Committed"';
    expect(SERVER_FILES.filter((file) => text[file].includes(wasm))).toEqual(['Engine.js']);
    expect(SERVER_FILES.filter((file) => text[file].includes(sheetMessage))).toEqual(['Sheets.js']);
  });
});

describe('Code.js', () => {
  test.each(DOCUMENTED_FUNCTIONS.map((d) => [d.name, d]))(
    '%s has a stub whose JSDoc is its declaration: description, @param per parameter, @return, @customfunction',
    (name, declaration) => {
      const stub = new RegExp(
        `/\\*\\*\\n((?: \\*.*\\n)*) \\*/\\nfunction ${name}\\(([^)]*)\\) \\{\\n  return sheetCnn_\\(\\)\\.${name}\\(([^)]*)\\);\\n\\}`,
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

describe('the build refuses an import against the layers', () => {
  test('a module importing a higher layer fails the build, naming the import', () => {
    // The real sources with the layers swapped: the sheet layer now sits below the engine it imports.
    const script = `
      import { buildServerLayers } from './scripts/build/server-layers.mjs';
      import { watPlugin } from './scripts/build/wat.mjs';
      const layers = [
        { file: 'Sheets.js', loader: 'sheets_', folders: ['src/sheet/'] },
        { file: 'Engine.js', loader: 'engine_', folders: ['src/core/'] },
        { file: 'Code.js', loader: 'code_', folders: [] },
      ];
      const options = { plugins: [watPlugin], bundle: true, platform: 'neutral', mainFields: ['module', 'main'], logLevel: 'silent' };
      try { await buildServerLayers('src/addon/main.ts', options, process.cwd(), layers); console.log('accepted'); }
      catch (e) { console.log(e.message); }`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('A layer of the server code imports a higher one');
    expect(out).toContain('src/sheet/whole-model.ts imports src/core/model.ts');
    expect(out).not.toContain('accepted');
  });

  test('a module another layer imports may not export a variable, which that layer would see only as it first was', () => {
    const project = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-layers-'));
    try {
      const write = (file: string, text: string): void => {
        mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
        writeFileSync(path.join(project, file), text);
      };
      write('src/core/counter.ts', 'export let count = 0;\nexport function bump(): void {\n  count++;\n}\n');
      write(
        'src/addon/main.ts',
        "import { bump, count } from '../core/counter';\nexport = { bump, read: () => count };\n",
      );
      const script = `
        import { buildServerLayers } from './scripts/build/server-layers.mjs';
        try { await buildServerLayers('src/addon/main.ts', { bundle: true, platform: 'neutral', logLevel: 'silent' }, ${JSON.stringify(project)}); console.log('accepted'); }
        catch (e) { console.log(e.message); }`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(out.trim()).toBe(
        'Another layer imports src/core/counter.ts, which exports a variable (export let): export a function that reads it instead.',
      );
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
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
