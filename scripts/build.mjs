/**
 * npm run build → dist/, exactly what `clasp push` uploads (.clasp.json has rootDir "dist"):
 *   Engine.js, Sheets.js, Code.js
 *                    the add-on's server code, a file per layer (scripts/build/server-layers.mjs), Code.js
 *                    ending with a top-level stub per entry point
 *   Sidebar.html     the sidebar page with its script and stylesheet inlined
 *   Files.html       the Model files dialog (export/import of models, dataset archive), built the same way:
 *                    its model-file libraries would not fit in the sidebar's 150 KB
 *   FaceDetector1.html, FaceDetector2.html, …
 *                    the face detector's script (TensorFlow.js, face-api, its weights and .wasm inlined) in
 *                    parts, which the sidebar loads through getFaceDetectorPart only when it needs a face
 *   appsscript.json  the manifest (V8, the two OAuth scopes)
 * Fails when Node-only code reaches the add-on, when an entry point cannot be stubbed, or when the page
 * cannot be inlined.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { assertNoNodeOnlyCode } from './build/bundle-guard.mjs';
import { documentCustomFunctions, readEntryPoints, stubSource } from './build/entry-stubs.mjs';
import { inlinePage } from './build/inline-html.mjs';
import { buildServerLayers, SERVER_LAYERS } from './build/server-layers.mjs';
import { watPlugin } from './build/wat.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const ADDON_ENTRY = path.join(ROOT, 'src/addon/main.ts');
const FUNCTION_JSDOC = path.join(ROOT, 'src/functions/jsdoc.ts');
const SCRIPT_PARTS = path.join(ROOT, 'src/shared/script-parts.ts');
const SIDEBAR_DIR = path.join(ROOT, 'sidebar');
/** Syntax the Apps Script V8 runtime and the browsers Google Sheets supports all accept. */
const TARGET = 'es2019';
/**
 * Every file the build writes stays within 150 KB. A page is sent to the browser each time the sidebar or a
 * dialog opens; the face detector's parts are answers to google.script.run, whose size limit is not
 * documented; the server files are what a maintainer opens in the script editor.
 */
const SIZE_GOAL_KB = 150;
const ENTRY_LAYER = SERVER_LAYERS[SERVER_LAYERS.length - 1];

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

/** The server files: one per layer, Code.js ending with one stub per entry point (checked against its exports). */
async function buildServer() {
  const { files, metafile } = await buildServerLayers(
    ADDON_ENTRY,
    {
      plugins: [watPlugin],
      bundle: true,
      target: TARGET,
      minify: true,
      logLevel: 'silent',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      charset: 'utf8',
    },
    ROOT,
  );
  assertNoNodeOnlyCode(metafile, 'the server files');
  const entries = documentCustomFunctions(readEntryPoints(ADDON_ENTRY), await customFunctionDocs());
  const header =
    '// Sheet CNN, built by scripts/build.mjs from src/ (see the README); edit the sources, not this file.\n';
  const stubs = entries.map((entry) => stubSource(entry, `${ENTRY_LAYER.loader}()`)).join('\n');
  const texts = Object.fromEntries(
    files.map(({ file, text }) => [file, `${header}${text}${file === ENTRY_LAYER.file ? `\n${stubs}` : ''}`]),
  );
  assertEntriesMatchBundle(texts, entries);
  return { texts, entries };
}

/** A TypeScript module of src/, bundled on its own and loaded, for the build to use its exports. */
async function importSource(file) {
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
}

/** Name → { parameters, jsdoc } of every custom function, from src/functions/jsdoc.ts. */
async function customFunctionDocs() {
  const { DOCUMENTED_FUNCTIONS, jsdocOf } = await importSource(FUNCTION_JSDOC);
  return Object.fromEntries(
    DOCUMENTED_FUNCTIONS.map((d) => [d.name, { parameters: d.parameters.map((p) => p.name), jsdoc: jsdocOf(d) }]),
  );
}

/**
 * Loads the server files in an empty context (as Apps Script would, with no module system; Code.js first, the
 * opposite of the layers' order, as nothing may depend on it) and checks that Code.js's loader returns exactly
 * the functions the stubs call.
 */
function assertEntriesMatchBundle(texts, entries) {
  const context = vm.createContext({});
  for (const [file, text] of Object.entries(texts).reverse()) vm.runInContext(text, context, { filename: file });
  const exported = vm.runInContext(`${ENTRY_LAYER.loader}()`, context);
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
 * dist/FaceDetector1.html, FaceDetector2.html, …: the face detector's script in parts within the size goal
 * (src/shared/script-parts.ts; HtmlService serves .html files only, and the sidebar joins the parts and runs
 * them as a script). TensorFlow.js is cut down to its core, CPU and WebAssembly backends (see sidebar/face/).
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
  if (local) throw new Error(`The face detector must not contain Node-only code: ${local}`);
  const { FACE_DETECTOR_SCRIPT, scriptPartFile, splitScript } = await importSource(SCRIPT_PARTS);
  const build = createHash('sha256').update(code).digest('hex').slice(0, 8);
  const parts = splitScript(code, SIZE_GOAL_KB * 1024, build);
  return Object.fromEntries(parts.map((text, i) => [`${scriptPartFile(FACE_DETECTOR_SCRIPT, i + 1)}.html`, text]));
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
  const kb = Buffer.byteLength(text, 'utf8') / 1024;
  const verdict = `${kb <= SIZE_GOAL_KB ? 'within' : 'OVER'} the ${SIZE_GOAL_KB} KB goal`;
  return `  ${name.padEnd(19)} ${kb.toFixed(1).padStart(7)} KB  (${verdict})`;
}

async function main() {
  const DIST = outputFolder(process.argv);
  const [server, sidebar, files, faceDetector] = await Promise.all([
    buildServer(),
    buildPage(SIDEBAR_DIR, 'Sidebar.html'),
    buildPage(path.join(SIDEBAR_DIR, 'files'), 'Files.html'),
    buildFaceDetector(),
  ]);
  const outputs = {
    ...server.texts,
    'Sidebar.html': sidebar,
    'Files.html': files,
    ...faceDetector,
  };
  await rm(DIST, { recursive: true, force: true });
  await mkdir(DIST, { recursive: true });
  for (const [name, text] of Object.entries(outputs)) await writeFile(path.join(DIST, name), text);
  await copyFile(path.join(ROOT, 'appsscript.json'), path.join(DIST, 'appsscript.json'));
  console.log(`${path.relative(process.cwd(), DIST) || '.'}/ (${server.entries.length} entry points):`);
  for (const [name, text] of Object.entries(outputs)) console.log(sizeLine(name, text));
}

main().catch((error) => {
  console.error(`Build failed: ${error.message}`);
  process.exit(1);
});
