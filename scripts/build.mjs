/**
 * npm run build → dist/, exactly what `clasp push` uploads (.clasp.json has rootDir "dist"):
 *   Code.js          the add-on as one IIFE (global SheetCNN) + a top-level stub per entry point
 *   Sidebar.html     the sidebar page with its script and stylesheet inlined
 *   Files.html       the Model files dialog (export/import of models, dataset archive), built the same way:
 *                    its model-file libraries would not fit in the sidebar's 150 KB
 *   FaceDetector.html the face detector's script (TensorFlow.js, face-api, its weights and .wasm inlined), which
 *                    the sidebar loads through the getFaceDetectorScript endpoint only when it needs a face
 *   appsscript.json  the manifest (V8, the two OAuth scopes)
 * Fails when Node-only code reaches the add-on, when an entry point cannot be stubbed, or when the page
 * cannot be inlined.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { assertNoNodeOnlyCode } from './build/bundle-guard.mjs';
import { documentCustomFunctions, readEntryPoints, stubSource } from './build/entry-stubs.mjs';
import { inlinePage } from './build/inline-html.mjs';
import { watPlugin } from './build/wat.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const ADDON_ENTRY = path.join(ROOT, 'src/addon/main.ts');
const FUNCTION_JSDOC = path.join(ROOT, 'src/functions/jsdoc.ts');
const SIDEBAR_DIR = path.join(ROOT, 'sidebar');
const GLOBAL_NAME = 'SheetCNN';
/** Syntax the Apps Script V8 runtime and the browsers Google Sheets supports all accept. */
const TARGET = 'es2019';
/**
 * Size goals. A page is sent to the browser each time the sidebar or a dialog opens, so pages stay small.
 * Code.js never travels to the browser: Apps Script loads it on the server for every execution (each menu
 * item, sidebar call and custom-function recalculation), where loading 200 KB in node:vm takes 1.3–13 ms
 * (median 2.1 ms over 15 loads), so its goal is about keeping that load negligible beside the 30-second
 * custom-function limit.
 */
const SIZE_GOALS_KB = { 'Code.js': 220, 'Sidebar.html': 150, 'Files.html': 150 };

/**
 * dist/, or the folder after `--out` (tests build into temporary folders so parallel runs never share dist/).
 * The folder is emptied first, so it may not be the project itself or a folder holding it.
 */
function outputFolder(argv) {
  const flag = argv.indexOf('--out');
  if (flag < 0) return path.join(ROOT, 'dist');
  const arg = argv[flag + 1];
  if (!arg) throw new Error('--out needs a folder, e.g. --out /tmp/sheet-cnn-dist');
  const folder = path.resolve(arg);
  if (folder === ROOT || ROOT.startsWith(folder + path.sep))
    throw new Error(`--out ${arg} would delete the project; choose a separate folder.`);
  return folder;
}

async function bundle(options) {
  const result = await esbuild.build({
    plugins: [watPlugin],
    bundle: true,
    format: 'iife',
    target: TARGET,
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    ...options,
  });
  return { code: result.outputFiles[0].text, metafile: result.metafile };
}

/** dist/Code.js: the bundle, then one stub per entry point (names checked against the bundle's exports). */
async function buildCode() {
  const { code, metafile } = await bundle({
    entryPoints: [ADDON_ENTRY],
    globalName: GLOBAL_NAME,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    charset: 'utf8',
  });
  assertNoNodeOnlyCode(metafile, 'dist/Code.js');
  const entries = documentCustomFunctions(readEntryPoints(ADDON_ENTRY), await customFunctionDocs());
  assertEntriesMatchBundle(code, entries);
  const header =
    '// Sheet CNN, built by scripts/build.mjs from src/ (see the README); edit the sources, not this file.\n';
  const stubs = entries.map((entry) => stubSource(entry, GLOBAL_NAME)).join('\n');
  return { text: `${header}${code}\n${stubs}`, entries };
}

/** Name → { parameters, jsdoc } of every custom function, from src/functions/jsdoc.ts bundled on its own and loaded. */
async function customFunctionDocs() {
  const result = await esbuild.build({
    entryPoints: [FUNCTION_JSDOC],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  const { DOCUMENTED_FUNCTIONS, jsdocOf } = await import(
    `data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`
  );
  return Object.fromEntries(
    DOCUMENTED_FUNCTIONS.map((d) => [d.name, { parameters: d.parameters.map((p) => p.name), jsdoc: jsdocOf(d) }]),
  );
}

/**
 * Loads the bundle in an empty context (as Apps Script would, with no module system) and checks that the
 * global object holds exactly the functions the stubs call.
 */
function assertEntriesMatchBundle(code, entries) {
  const context = vm.createContext({});
  vm.runInContext(code, context, { filename: 'Code.js' });
  const exported = context[GLOBAL_NAME];
  const runtime = Object.keys(exported ?? {})
    .filter((name) => typeof exported[name] === 'function')
    .sort();
  const declared = entries.map((e) => e.name).sort();
  if (runtime.join() !== declared.join()) {
    throw new Error(
      `The bundle exports [${runtime.join(', ')}] but the entry list in src/addon/main.ts reads as [${declared.join(', ')}].`,
    );
  }
}

/**
 * dist/FaceDetector.html: plain script text (HtmlService serves .html files only; the sidebar injects it as a
 * script). TensorFlow.js is cut down to its core, CPU and WebAssembly backends (see sidebar/face/).
 */
async function buildFaceDetector() {
  const { code, metafile } = await bundle({
    entryPoints: [path.join(SIDEBAR_DIR, 'face/detector-script.ts')],
    platform: 'browser',
    loader: { '.bin': 'binary', '.wasm': 'binary' },
    alias: {
      '@tensorflow/tfjs/dist/index.js': path.join(SIDEBAR_DIR, 'face/tfjs-core-cpu.ts'),
      '@tensorflow/tfjs-backend-webgl/dist/index.js': path.join(SIDEBAR_DIR, 'face/no-webgl.ts'),
    },
  });
  const local = Object.keys(metafile.inputs).find((input) => /(^|\/)src\/local\//.test(input));
  if (local) throw new Error(`dist/FaceDetector.html must not contain Node-only code: ${local}`);
  return code;
}

/** A page of `dir`: its index.html with main.ts bundled and the sidebar's styles.css minified, both inlined. */
async function buildPage(dir, name) {
  const { code, metafile } = await bundle({ entryPoints: [path.join(dir, 'main.ts')], platform: 'browser' });
  assertNoNodeOnlyCode(metafile, `dist/${name}`);
  const css = (
    await esbuild.transform(await readFile(path.join(SIDEBAR_DIR, 'styles.css'), 'utf8'), {
      loader: 'css',
      minify: true,
    })
  ).code;
  const html = await readFile(path.join(dir, 'index.html'), 'utf8');
  return inlinePage(html, { cssHref: 'styles.css', css, scriptSrc: 'main.ts', js: code.trim() });
}

function sizeLine(name, text) {
  const bytes = Buffer.byteLength(text);
  const goal = SIZE_GOALS_KB[name];
  const verdict = bytes <= goal * 1024 ? 'within' : 'OVER';
  return `  ${name.padEnd(16)} ${(bytes / 1024).toFixed(1).padStart(7)} KB  (${verdict} the ${goal} KB goal)`;
}

async function main() {
  const DIST = outputFolder(process.argv);
  const [code, sidebar, files, faceDetector] = await Promise.all([
    buildCode(),
    buildPage(SIDEBAR_DIR, 'Sidebar.html'),
    buildPage(path.join(SIDEBAR_DIR, 'files'), 'Files.html'),
    buildFaceDetector(),
  ]);
  await rm(DIST, { recursive: true, force: true });
  await mkdir(DIST, { recursive: true });
  await writeFile(path.join(DIST, 'Code.js'), code.text);
  await writeFile(path.join(DIST, 'Sidebar.html'), sidebar);
  await writeFile(path.join(DIST, 'Files.html'), files);
  await writeFile(path.join(DIST, 'FaceDetector.html'), faceDetector);
  await copyFile(path.join(ROOT, 'appsscript.json'), path.join(DIST, 'appsscript.json'));
  console.log(`${path.relative(process.cwd(), DIST) || '.'}/ (${code.entries.length} entry points):`);
  console.log(sizeLine('Code.js', code.text));
  console.log(sizeLine('Sidebar.html', sidebar));
  console.log(sizeLine('Files.html', files));
  console.log(
    `  ${'FaceDetector.html'.padEnd(16)} ${(Buffer.byteLength(faceDetector, 'utf8') / 1024).toFixed(1).padStart(7)} KB  (loaded only when a face is needed)`,
  );
}

main().catch((error) => {
  console.error(`Build failed: ${error.message}`);
  process.exit(1);
});
