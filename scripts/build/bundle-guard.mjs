/**
 * Keeps Node-only code out of the add-on bundle: Apps Script has no Node built-ins, and the local engine,
 * .xlsx export, decoders and tests' libraries would only add dead weight (or fail at load). Reads esbuild's
 * metafile and names the import that brought a forbidden module in.
 */
import { builtinModules } from 'node:module';

const NODE_ONLY_PACKAGES = ['hyperformula', 'exceljs', 'jpeg-js', 'pngjs', '@tensorflow/', 'playwright-core'];
const BUILTINS = new Set(builtinModules);

/** Why a module (a metafile input path or an import specifier) may not be in an Apps Script bundle, or null. */
function forbiddenReason(path) {
  if (path.startsWith('node:') || BUILTINS.has(path)) return 'a Node built-in module';
  if (/(^|\/)src\/local\//.test(path)) return 'Node-only code (src/local)';
  const pkg = NODE_ONLY_PACKAGES.find((name) => path.includes(`node_modules/${name}`));
  return pkg ? `a Node-only package (${pkg.replace(/\/$/, '')})` : null;
}

/**
 * Throws when the bundle holds Node-only code, naming each place where allowed code imports it (the line to
 * change) and the Node-only packages that came along.
 */
export function assertNoNodeOnlyCode(metafile, bundleName) {
  const crossings = [];
  const packages = new Set();
  for (const [input, info] of Object.entries(metafile.inputs)) {
    const pkg = NODE_ONLY_PACKAGES.find((name) => input.includes(`node_modules/${name}`));
    if (pkg) packages.add(pkg.replace(/\/$/, ''));
    if (forbiddenReason(input)) continue;
    for (const imported of info.imports) {
      // esbuild also lists imports of types only, as external (they vanish from the output); judge by path.
      const reason = forbiddenReason(imported.path);
      if (reason) crossings.push(`${input} imports ${imported.path}: ${reason}`);
    }
  }
  if (crossings.length > 0) {
    const along = packages.size > 0 ? `\n  (bringing in ${[...packages].join(', ')})` : '';
    throw new Error(`${bundleName} must not contain Node-only code:\n  ${crossings.join('\n  ')}${along}`);
  }
}
