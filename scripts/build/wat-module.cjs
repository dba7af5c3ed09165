/**
 * `import bytes from './x.wat'` outside the bundler: a CommonJS module whose value is the compiled module's
 * base64. Jest transforms and Node's require hooks are synchronous while wabt starts asynchronously, so the
 * compilation runs in a child Node process (once per file: Jest caches transformed files).
 */
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const path = require('node:path');

const COMPILER = path.join(__dirname, 'wat.mjs');

function watModuleSource(filename) {
  const base64 = execFileSync(process.execPath, [COMPILER, filename], { encoding: 'utf8' });
  return `module.exports = ${JSON.stringify(base64)};\n`;
}

module.exports = {
  watModuleSource,
  /** Jest caches by this key: the text, and the compiler and wabt versions that turn it into bytes. */
  getCacheKey(source) {
    return createHash('sha256')
      .update(source)
      .update(readFileSync(COMPILER))
      .update(require('wabt/package.json').version)
      .digest('hex');
  },
  /** Jest transformer (jest.config.js maps *.wat here). */
  process(_source, filename) {
    return { code: watModuleSource(filename) };
  },
};
