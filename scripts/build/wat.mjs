/**
 * WebAssembly text → binary with wabt (the WebAssembly Binary Toolkit compiled to JavaScript, so the build needs
 * no native tools). Used by the bundler (scripts/build.mjs), and, through wat-module.cjs, by Jest and tsx, so
 * every run compiles the kernels from their source in src/ and no binary is kept in the repository.
 * Run as a script, it prints the module's base64: `node scripts/build/wat.mjs src/core/simd/kernels.wat`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import createWabt from 'wabt';

/** The post-MVP features the kernels use; anything else in the text is an error. */
const FEATURES = { simd: true };

/** The binary module for a .wat file; throws with wabt's message (file, line, column) when the text is wrong. */
export async function compileWat(file) {
  const wabt = await createWabt();
  const module = wabt.parseWat(path.basename(file), await readFile(file, 'utf8'), FEATURES);
  try {
    module.resolveNames();
    module.validate(FEATURES);
    return Uint8Array.from(module.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
}

/** esbuild plugin: `import bytes from './x.wat'` is the module compiled from its text, embedded as base64. */
export const watPlugin = {
  name: 'wat',
  setup(build) {
    build.onLoad({ filter: /\.wat$/ }, async (args) => ({
      contents: `export default ${JSON.stringify(Buffer.from(await compileWat(args.path)).toString('base64'))};`,
      loader: 'js',
    }));
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node scripts/build/wat.mjs <file.wat>');
  process.stdout.write(Buffer.from(await compileWat(file)).toString('base64'));
}
