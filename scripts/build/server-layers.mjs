/**
 * The add-on's server code as one script file per layer of src/ (docs/deploy.md lists them):
 *   Engine.js  src/core: the maths, the kernels and training
 *   Sheets.js  src/sheet, src/shared, src/image: how a model lives in a spreadsheet
 *   Code.js    the server, the Apps Script shell, the custom functions, then the top-level entry stubs
 * Apps Script runs every file of a project in one global scope, so the split changes nothing a user sees; it
 * keeps each file within the build's 150 KB goal, and as a file may only use a lower layer, the build itself
 * rejects an import against the direction the README's map of the code sets (as npm run lint does).
 *
 * Each file declares one private loader function (its name ends in '_', which Apps Script keeps away from
 * google.script.run: developers.google.com/apps-script/guides/html/communication#private_functions). A
 * loader runs its layer's code the first time it is called and then returns the same exports. The order
 * in which Apps Script evaluates a project's files is not documented, so no file touches another while it
 * loads: the stubs call Code.js's loader, whose modules call the lower loaders, all at call time, when every
 * file has been loaded whichever order the host chose.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import ts from 'typescript';

/** Lowest layer first; a module belongs to the first layer listing its folder, else to the last. */
export const SERVER_LAYERS = [
  { file: 'Engine.js', loader: 'sheetCnnEngine_', folders: ['src/core/'] },
  { file: 'Sheets.js', loader: 'sheetCnnSheets_', folders: ['src/sheet/', 'src/shared/', 'src/image/'] },
  { file: 'Code.js', loader: 'sheetCnn_', folders: [] },
];

const CROSSING = 'sheet-cnn-layer';

function layerOf(input, layers) {
  const index = layers.findIndex((layer) => layer.folders.some((folder) => input.startsWith(folder)));
  return index < 0 ? layers.length - 1 : index;
}

/**
 * The names `file` imports from or re-exports of each module specifier, type-only imports left out ('*' for
 * a namespace import or `export *`). Some names may still be types: the caller keeps only value exports.
 */
function importedNames(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const names = new Map();
  const add = (specifier, name) => names.set(specifier.text, (names.get(specifier.text) ?? new Set()).add(name));
  const addElements = (specifier, elements) => {
    for (const element of elements)
      if (!element.isTypeOnly) add(specifier, (element.propertyName ?? element.name).text);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause && !statement.importClause.isTypeOnly) {
      const { name, namedBindings } = statement.importClause;
      if (name) add(statement.moduleSpecifier, 'default');
      if (namedBindings && ts.isNamespaceImport(namedBindings)) add(statement.moduleSpecifier, '*');
      else if (namedBindings) addElements(statement.moduleSpecifier, namedBindings.elements);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      const clause = statement.exportClause;
      if (!clause || ts.isNamespaceExport(clause)) add(statement.moduleSpecifier, '*');
      else addElements(statement.moduleSpecifier, clause.elements);
    }
  }
  return names;
}

/** The value exports of each of `files` (absolute paths), as esbuild sees them once bundled. */
async function valueExports(files, options, root) {
  if (files.length === 0) return new Map();
  const { metafile } = await esbuild.build({
    ...options,
    entryPoints: files,
    absWorkingDir: root,
    format: 'esm',
    outdir: 'out',
    write: false,
    metafile: true,
  });
  return new Map(Object.values(metafile.outputs).map((output) => [path.join(root, output.entryPoint), output.exports]));
}

/**
 * Every module the entry reaches, by layer; throws naming the import when a module imports a higher layer.
 * `crossings[i]` lists the modules of layer i that higher layers import, each with the value exports they use:
 * what layer i's loader hands out, in that order.
 */
async function partition(options, root, layers) {
  const { metafile } = await esbuild.build({ ...options, absWorkingDir: root, write: false, metafile: true });
  const used = new Map();
  const wrongWay = [];
  for (const [input, info] of Object.entries(metafile.inputs)) {
    const from = layerOf(input, layers);
    let namesBySpecifier;
    for (const imported of info.imports) {
      if (imported.external || !(imported.path in metafile.inputs)) continue;
      const to = layerOf(imported.path, layers);
      if (to > from) wrongWay.push(`${input} imports ${imported.path}`);
      if (to >= from) continue;
      namesBySpecifier ??= importedNames(path.join(root, input));
      const names = used.get(imported.path) ?? new Set();
      for (const name of namesBySpecifier.get(imported.original) ?? []) names.add(name);
      used.set(imported.path, names);
    }
  }
  if (wrongWay.length > 0) {
    throw new Error(
      `A layer of the server code imports a higher one (the layers are in scripts/build/server-layers.mjs):\n  ${wrongWay.join('\n  ')}`,
    );
  }
  assertNoVariableExports([...used.keys()], root);
  const exportsOf = await valueExports(
    [...used.keys()].map((input) => path.join(root, input)),
    options,
    root,
  );
  const crossings = layers.map(() => []);
  for (const [input, names] of [...used].sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(root, input);
    const values = exportsOf.get(file) ?? [];
    const kept = names.has('*') ? values : values.filter((name) => names.has(name));
    crossings[layerOf(input, layers)].push({ file, names: [...kept].sort() });
  }
  return { metafile, crossings };
}

/**
 * Another layer gets a module's exports as they are once its layer has loaded, so a module it uses may not
 * export a variable that changes later (`export let`).
 */
function assertNoVariableExports(inputs, root) {
  const variables = inputs.filter((input) =>
    /^export\s+(let|var)\b/m.test(readFileSync(path.join(root, input), 'utf8')),
  );
  if (variables.length > 0)
    throw new Error(
      `Another layer imports ${variables.join(', ')}, which ${variables.length === 1 ? 'exports' : 'export'} a variable (export let): export a function that reads it instead.`,
    );
}

/**
 * esbuild plugin for layer `index`: an import that resolves into a lower layer becomes the names it uses,
 * read once from that layer's loader (`const m = sheetCnnEngine_()[k]; export const conv2d = m.conv2d`), so
 * the module is built once, in its own file.
 */
function crossingsPlugin(index, crossings, root, layers) {
  const positions = new Map();
  crossings.forEach((modules, layer) =>
    modules.forEach(({ file, names }, k) => positions.set(file, { layer, k, names })),
  );
  return {
    name: 'server-layers',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === CROSSING) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: CROSSING,
        });
        if (resolved.errors.length > 0 || resolved.namespace !== 'file') return undefined;
        const target = positions.get(resolved.path);
        if (target === undefined || target.layer >= index) return undefined;
        return { path: path.relative(root, resolved.path), namespace: CROSSING, pluginData: target };
      });
      build.onLoad({ filter: /.*/, namespace: CROSSING }, ({ pluginData: { layer, k, names } }) => {
        const exports = names.map((name) =>
          name === 'default' ? 'export default m.default;' : `export const ${name} = m.${name};`,
        );
        return { contents: `const m = ${layers[layer].loader}()[${k}];\n${exports.join('\n')}\n`, loader: 'js' };
      });
    },
  };
}

/** A lower layer's entry: for each module higher layers import, an object of the names they use. */
function layerEntry(modules) {
  const imports = modules.map(
    ({ file, names }, k) =>
      `import { ${names.map((name) => `${name} as m${k}_${name}`).join(', ')} } from ${JSON.stringify(file)};`,
  );
  const objects = modules.map(({ names }, k) => `{ ${names.map((name) => `${name}: m${k}_${name}`).join(', ')} }`);
  return `${imports.join('\n')}\nexport default [${objects.join(', ')}];\n`;
}

/**
 * The loader around a layer built as CommonJS: runs it on the first call, then returns its exports. It first
 * checks that the files of the layers below were pushed too, so a project missing one says which and what to do.
 */
function loaderSource(layer, below, code, defaultExport) {
  const exportsOf = defaultExport ? 'module.exports.default' : 'module.exports';
  const checks = below.map(
    ({ file, loader }) =>
      `    if (typeof ${loader} !== 'function') throw new Error(${JSON.stringify(
        `Sheet CNN is incomplete: this script project has no file ${file.replace(/\.js$/, '')} (dist/${file}). Push the whole dist/ folder again (npm run push).`,
      )});\n`,
  );
  return (
    `function ${layer.loader}() {\n` +
    `  if (!${layer.loader}.exports) {\n` +
    checks.join('') +
    `    var module = { exports: {} };\n` +
    `    (function (module, exports) {\n${code}\n    })(module, module.exports);\n` +
    `    ${layer.loader}.exports = ${exportsOf};\n` +
    `  }\n` +
    `  return ${layer.loader}.exports;\n` +
    `}\n`
  );
}

/**
 * Builds the server code of `entry` (a module ending in `export = entryPoints`) as one file per layer of
 * `layers` (SERVER_LAYERS unless a test gives others).
 * Returns each file's text (Code.js's without the entry stubs) and the metafile of the whole, for the bundle guard.
 */
export async function buildServerLayers(entry, options, root, layers = SERVER_LAYERS) {
  const last = layers.length - 1;
  const { metafile, crossings } = await partition({ ...options, entryPoints: [entry] }, root, layers);
  const files = await Promise.all(
    layers.map(async (layer, index) => {
      const stdin =
        index === last
          ? undefined
          : { contents: layerEntry(crossings[index]), resolveDir: root, sourcefile: layer.file };
      const result = await esbuild.build({
        ...options,
        absWorkingDir: root,
        ...(stdin ? { stdin } : { entryPoints: [entry] }),
        plugins: [...(options.plugins ?? []), crossingsPlugin(index, crossings, root, layers)],
        format: 'cjs',
        write: false,
      });
      const code = result.outputFiles[0].text.trim();
      const text = loaderSource(layer, layers.slice(0, index), code, index !== last);
      return { file: layer.file, loader: layer.loader, text };
    }),
  );
  return { files, metafile };
}
