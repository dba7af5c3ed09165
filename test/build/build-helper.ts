/**
 * Builds the add-on into a temporary folder (each test file its own, so parallel runs never share dist/) and
 * loads its server files (Engine.js, Sheets.js, Code.js) into node:vm the way Apps Script runs them: one global
 * scope, no module system, only the Apps Script services (faked, over a LocalWorkbook).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { createFakeAppsScript, FakeAppsScript } from '../helpers/apps-script-fakes';

export const ROOT = path.resolve(__dirname, '../..');

export interface Build {
  readonly dir: string;
  /** What the build printed (file sizes). */
  readonly log: string;
}

export function buildAddOn(): Build {
  const dir = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-dist-'));
  const log = execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--out', dir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { dir, log };
}

export function removeBuild(build: Build | undefined): void {
  if (build) rmSync(build.dir, { recursive: true, force: true });
}

/**
 * The build's server files, in the order given or else by name (Code.js first, the opposite of the layers'
 * order: Apps Script does not document the order it runs a project's files in, and the add-on must not care).
 */
export function serverFiles(build: Build, order?: readonly string[]): string[] {
  const files = readdirSync(build.dir)
    .filter((name) => name.endsWith('.js'))
    .sort();
  if (order && [...order].sort().join() !== files.join()) throw new Error(`The build has ${files.join(', ')}.`);
  return order ? [...order] : files;
}

export interface LoadedAddOn {
  /** The script's global scope: every top-level function of the server files is a property. */
  readonly global: Record<string, unknown>;
  readonly fake: FakeAppsScript;
  /** The spreadsheet behind the fake SpreadsheetApp. */
  readonly workbook: LocalWorkbook;
  /** Names the script itself declared at the top level (everything but the installed services). */
  readonly declared: string[];
}

export interface LoadOptions {
  /** false: the script's global scope has no `WebAssembly`, as on a host without it (Apps Script does not document it). */
  readonly webAssembly?: boolean;
  /** The order to run the server files in (default: serverFiles's). */
  readonly order?: readonly string[];
}

/** A fresh spreadsheet (one sheet, "Sheet1", as Google creates it) with the server files loaded over it. */
export function loadAddOn(build: Build, options: LoadOptions = {}): LoadedAddOn {
  const workbook = new LocalWorkbook();
  workbook.ensureSheet('Sheet1');
  const fake = createFakeAppsScript({
    backing: workbook,
    readHtmlFile: (name) => {
      const file = path.join(build.dir, `${name}.html`);
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    },
  });
  const installed = { ...fake.globals };
  const global = vm.createContext({ ...installed }) as Record<string, unknown>;
  if (options.webAssembly === false) vm.runInContext('delete globalThis.WebAssembly', global);
  for (const file of serverFiles(build, options.order))
    vm.runInContext(readFileSync(path.join(build.dir, file), 'utf8'), global, { filename: file });
  const declared = Object.keys(global).filter((name) => !(name in installed));
  return { global, fake, workbook, declared };
}

/**
 * Calls a top-level function of the loaded script as Apps Script does for google.script.run or a custom
 * function: arguments arrive as plain values made inside the script's own realm, and the answer leaves as
 * plain data (both cross as JSON here, which also checks they are serialisable).
 */
export function callGlobal<T = unknown>(addOn: LoadedAddOn, name: string, ...args: unknown[]): T {
  const fn = addOn.global[name];
  if (typeof fn !== 'function') throw new Error(`The server files have no top-level function ${name}`);
  const parse = vm.runInContext('(text) => JSON.parse(text)', addOn.global) as (text: string) => unknown[];
  const result = (fn as (...a: unknown[]) => unknown)(...parse(JSON.stringify(args)));
  return (result === undefined ? undefined : JSON.parse(JSON.stringify(result))) as T;
}
