import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers, as data: each folder, and the folders its files may not import. The direction is
 * core → image → face, core → sheet → functions / server → addon and local (interchange beside sheet, shared
 * holding the types everyone speaks); local's three programs share the engine and not each other; the two
 * browser pages (sidebar/, playground/) take the pure layers and never the server, the add-on or Node code.
 * A folder forbids its sub-folders' imports too. Checked on the import's path, so `import type` counts.
 */
const LAYERS = {
  'src/core': [
    'src/image',
    'src/face',
    'src/sheet',
    'src/interchange',
    'src/functions',
    'src/server',
    'src/addon',
    'src/local',
  ],
  'src/image': ['src/face', 'src/sheet', 'src/interchange', 'src/functions', 'src/server', 'src/addon', 'src/local'],
  'src/face': ['src/sheet', 'src/interchange', 'src/functions', 'src/server', 'src/addon', 'src/local'],
  'src/shared': ['src/image', 'src/face', 'src/interchange', 'src/functions', 'src/server', 'src/addon', 'src/local'],
  'src/sheet': ['src/image', 'src/face', 'src/interchange', 'src/functions', 'src/server', 'src/addon', 'src/local'],
  'src/interchange': ['src/image', 'src/face', 'src/sheet', 'src/functions', 'src/server', 'src/addon', 'src/local'],
  'src/functions': ['src/image', 'src/face', 'src/interchange', 'src/server', 'src/addon', 'src/local'],
  'src/server': ['src/face', 'src/functions', 'src/addon', 'src/local'],
  'src/addon': ['src/local'],
  'src/local/engine': ['src/addon', 'src/local/cli', 'src/local/playground'],
  'src/local/cli': ['src/addon', 'src/local/playground'],
  'src/local/playground': ['src/addon', 'src/local/cli'],
  sidebar: ['src/server', 'src/functions', 'src/addon', 'src/local', 'playground', 'test'],
  playground: ['src/core', 'src/server', 'src/functions', 'src/addon', 'src/local', 'test'],
};
/** Nothing in src imports the tests or the browser pages' own code. */
const NEVER_FROM_SRC = ['test', 'sidebar', 'playground'];

/**
 * no-restricted-imports matches the import as written, relative to the importing file, so each forbidden
 * folder becomes the path to it from the layer's folder, with any number of extra '../' for files in
 * sub-folders: from src/core, src/sheet is '../sheet' (or '../../sheet' from src/core/simd).
 */
function layerRule(folder, forbidden) {
  const patterns = forbidden.map((target) => {
    const relative = path.posix.relative(folder, target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return {
      regex: `^(\\.\\./)*${relative}(/|$)`,
      caseSensitive: true,
      message: `${folder} may not import ${target} (the layers are in eslint.config.mjs).`,
    };
  });
  return { files: [`${folder}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  ...Object.entries(LAYERS).map(([folder, forbidden]) =>
    layerRule(folder, folder.startsWith('src/') ? [...forbidden, ...NEVER_FROM_SRC] : forbidden),
  ),
);
