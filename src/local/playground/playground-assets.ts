/**
 * The playground page's files: index.html and style.css as they are, main.ts bundled by esbuild when the
 * server starts (the page is a development tool, so it is not part of the add-on's build).
 */
import { buildSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const PAGE_DIR = path.resolve(__dirname, '../../../playground');

export interface PageAssets {
  readonly html: string;
  readonly script: string;
  readonly styles: string;
}

export function loadPageAssets(): PageAssets {
  const bundle = buildSync({
    entryPoints: [path.join(PAGE_DIR, 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    logLevel: 'silent',
  });
  return {
    html: readFileSync(path.join(PAGE_DIR, 'index.html'), 'utf8'),
    script: bundle.outputFiles[0].text,
    styles: readFileSync(path.join(PAGE_DIR, 'style.css'), 'utf8'),
  };
}
