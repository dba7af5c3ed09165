/**
 * Keeps Node-only code out of the add-on bundle: Apps Script has no Node built-ins, and the local engine,
 * .xlsx export, decoders and tests' libraries would only add dead weight (or fail at load). Reads esbuild's
 * metafile and names the import chain that brought a forbidden module in.
 */
import { builtinModules } from 'node:module';

const NODE_ONLY_PACKAGES = ['hyperformula', 'exceljs', 'jpeg-js', 'pngjs', '@tensorflow/', 'playwright-core'];
const BUILTINS = new Set(builtinModules);

/** Why `input` (a metafile path) or `importPath` may not be in an Apps Script bundle, or null when it may. */
function forbiddenReason(path) {
  if (path.startsWith('node:') || BUILTINS.has(path)) return 'a Node built-in module';
  if (/(^|\/)src\/local\//.test(path)) return 'Node-only code (src/local)';
  const pkg = NODE_ONLY_PACKAGES.find((name) => path.includes(`node_modules/${name}`));
  return pkg ? `a Node-only package (${pkg.replace(/\/$/, '')})` : null;
}

/** Throws, listing every offending input and what imported it, when the bundle holds Node-only code. */
export function assertNoNodeOnlyCode(metafile, bundleName) {
  const importers = new Map();
  const problems = [];
  for (const [input, info] of Object.entries(metafile.inputs)) {
    for (const imported of info.imports) {
      if (!importers.has(imported.path)) importers.set(imported.path, input);
      const reason = imported.external ? forbiddenReason(imported.path) ?? 'an external import (Apps Script has no module loader)' : null;
      if (reason) problems.push(`${input} imports ${imported.path}: ${reason}`);
    }
  }
  for (const input of Object.keys(metafile.inputs)) {
    const reason = forbiddenReason(input);
    if (reason) problems.push(`${input} is ${reason} (imported by ${chain(input, importers).join(' ← ')})`);
  }
  if (problems.length > 0) {
    throw new Error(`${bundleName} must not contain Node-only code:\n  ${problems.join('\n  ')}`);
  }
}

function chain(input, importers) {
  const path = [];
  for (let at = importers.get(input); at && path.length < 20; at = importers.get(at)) path.push(at);
  return path.length > 0 ? path : ['the entry point'];
}
