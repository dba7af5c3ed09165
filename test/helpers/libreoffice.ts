/**
 * LibreOffice (Debian's libreoffice-calc-nogui) as an independent spreadsheet engine: it opens an .xlsx
 * headless, recalculates it, and writes every sheet as CSV with full precision. Each run gets its own user
 * profile so parallel runs do not clash over a lock file.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const SOFFICE_PATH = '/usr/bin/soffice';

/**
 * CSV export options: comma, double quote, UTF-8, from row 1, default language, text not all quoted,
 * special numbers detected, values not "as shown" (full precision rather than the cell's number format),
 * formulas not exported, no BOM, and -1 = every sheet to its own file (<name>-<sheet>.csv).
 */
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/**
 * The profile's settings: recalculate every formula of an .xlsx on load (OOXMLRecalcMode 0 = always). By
 * default LibreOffice trusts the results cached in the file, so an edit made by a tool that does not
 * calculate (ExcelJS) would go unseen.
 */
const ALWAYS_RECALCULATE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Sheet name → its rows of cells as text ('' for blanks). */
export type RecalculatedSheets = Map<string, string[][]>;

export interface Recalculation {
  readonly sheets: RecalculatedSheets;
  readonly seconds: number;
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function run(args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(SOFFICE_PATH, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`soffice failed: ${error.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/**
 * How long one LibreOffice run may take before it counts as hung. Generous: on a machine whose cores are all busy,
 * starting LibreOffice and recalculating the default model takes minutes; only a hang should reach this.
 */
export const LIBREOFFICE_HANG_MS = 600_000;

/** A Jest timeout for a test that runs LibreOffice `runs` times: each run's hang limit plus a minute for the rest. */
export function libreOfficeTestTimeout(runs: number): number {
  return runs * LIBREOFFICE_HANG_MS + 60_000;
}

const MISSING_TOOL_PACKAGE: Record<string, string> = {
  [SOFFICE_PATH]: 'libreoffice-calc-nogui',
  '/usr/bin/pdftoppm': 'poppler-utils',
  '/usr/bin/pdftotext': 'poppler-utils',
};

/** Refuses early, naming the Debian package, when a program a test drives is not installed. */
function requireTools(...tools: string[]): void {
  for (const tool of tools) {
    if (!existsSync(tool))
      throw new Error(`${tool} is missing: install Debian's ${MISSING_TOOL_PACKAGE[tool]} (bash .ci/run does).`);
  }
}

/**
 * Opens `xlsxFile` in headless LibreOffice with a user profile of its own (so parallel runs do not clash over
 * a lock file) that recalculates every formula on load, and converts it with `filter` into `outDir`.
 * Returns LibreOffice's output; the profile is removed afterwards.
 */
async function convertWithLibreOffice(
  xlsxFile: string,
  filter: string,
  outDir: string,
  timeoutMs: number,
): Promise<string> {
  requireTools(SOFFICE_PATH);
  const profile = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-lo-profile-'));
  mkdirSync(path.join(profile, 'user'), { recursive: true });
  writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), ALWAYS_RECALCULATE);
  try {
    const args = [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--calc'];
    return (await run([...args, '--convert-to', filter, '--outdir', outDir, xlsxFile], timeoutMs)).stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Runs `body` with a new temporary folder, removed afterwards. */
async function inTemporaryFolder<T>(body: (folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-lo-'));
  try {
    return await body(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Opens `xlsxFile` in LibreOffice, recalculates every formula, and returns every sheet's values. */
export async function recalculateWithLibreOffice(
  xlsxFile: string,
  timeoutMs = LIBREOFFICE_HANG_MS,
): Promise<Recalculation> {
  return inTemporaryFolder(async (outDir) => {
    const started = process.hrtime.bigint();
    const stdout = await convertWithLibreOffice(xlsxFile, CSV_FILTER, outDir, timeoutMs);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const sheets: RecalculatedSheets = new Map();
    // "Writing sheet <name> -> <file>" names each sheet's file; parsing it keeps sheet names exact.
    for (const match of stdout.matchAll(/^Writing sheet (.+) -> (.+\.csv)$/gm)) {
      sheets.set(match[1], parseCsv(readFileSync(match[2], 'utf8')));
    }
    if (sheets.size === 0) {
      const base = path.basename(xlsxFile, path.extname(xlsxFile));
      const files = existsSync(outDir) ? readdirSync(outDir) : [];
      throw new Error(
        `LibreOffice wrote no sheets for ${base}.xlsx (files: ${files.join(', ') || 'none'}). Its output:\n${stdout}`,
      );
    }
    return { sheets, seconds };
  });
}

/** The number at a 1-based (row, col) of a recalculated sheet; throws when it is not a number. */
export function numberAt(sheets: RecalculatedSheets, sheet: string, row: number, col: number): number {
  const rows = sheets.get(sheet);
  if (rows === undefined)
    throw new Error(`LibreOffice wrote no sheet "${sheet}"; it wrote ${[...sheets.keys()].join(', ')}`);
  const text = rows[row - 1]?.[col - 1] ?? '';
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new Error(`"${sheet}" row ${row}, column ${col} holds "${text}", not a number`);
  return value;
}

/**
 * Opens `xlsxFile` in LibreOffice and saves it again as .xlsx (as a person re-saving it would), returning the
 * new file's bytes: what LibreOffice made of each cell (text, number, formula) can then be read back.
 */
export async function resaveWithLibreOffice(xlsxFile: string, timeoutMs = LIBREOFFICE_HANG_MS): Promise<Buffer> {
  return inTemporaryFolder(async (outDir) => {
    await convertWithLibreOffice(xlsxFile, 'xlsx', outDir, timeoutMs);
    const saved = path.join(outDir, `${path.basename(xlsxFile, path.extname(xlsxFile))}.xlsx`);
    if (!existsSync(saved))
      throw new Error(`LibreOffice did not save ${saved} (files: ${readdirSync(outDir).join(', ') || 'none'}).`);
    return readFileSync(saved);
  });
}

export const PDFTOPPM_PATH = '/usr/bin/pdftoppm';

/**
 * How LibreOffice draws an .xlsx: its first printed page (the first sheet) as PNG bytes at 96 dpi, through
 * LibreOffice's PDF export (its Calc has no direct PNG export without a display) and poppler's pdftoppm.
 */
export async function renderFirstPage(xlsxFile: string, timeoutMs = LIBREOFFICE_HANG_MS): Promise<Buffer> {
  requireTools(SOFFICE_PATH, PDFTOPPM_PATH);
  return inTemporaryFolder(async (work) => {
    await convertWithLibreOffice(xlsxFile, 'pdf', work, timeoutMs);
    const pdf = path.join(work, `${path.basename(xlsxFile, path.extname(xlsxFile))}.pdf`);
    await runTool(
      PDFTOPPM_PATH,
      ['-r', '96', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(work, 'page')],
      timeoutMs,
    );
    return readFileSync(path.join(work, 'page.png'));
  });
}

/** One word of a PDF page and its box, in points from the page's top-left (pdftotext -bbox). */
export interface PdfWord {
  readonly page: number;
  readonly text: string;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
}

/** A workbook as LibreOffice prints it: the PDF file, every word with its box, and page 1 as a PNG at `dpi`. */
export interface Rendering {
  readonly pdf: string;
  readonly words: PdfWord[];
  readonly png: string;
  readonly dpi: number;
}

function runTool(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Words of pdftotext's -bbox XHTML: <page> elements hold <word xMin=… yMin=… xMax=… yMax=…>text</word>. */
export function parseBboxWords(xhtml: string): PdfWord[] {
  const words: PdfWord[] = [];
  xhtml
    .split(/<page /)
    .slice(1)
    .forEach((page, p) => {
      for (const m of page.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      )) {
        words.push({
          page: p + 1,
          text: m[5].replace(/&[a-z#0-9]+;/g, (e) => ENTITIES[e] ?? e),
          xMin: +m[1],
          yMin: +m[2],
          xMax: +m[3],
          yMax: +m[4],
        });
      }
    });
  return words;
}

/**
 * Prints `xlsxFile` to PDF with LibreOffice (every sheet, as the file's formats, widths and colour scales
 * show it), reads back its words with poppler's pdftotext and draws page 1 with pdftoppm. The files stay in
 * `outDir`.
 */
export async function renderWithLibreOffice(
  xlsxFile: string,
  outDir: string,
  dpi = 96,
  timeoutMs = LIBREOFFICE_HANG_MS,
): Promise<Rendering> {
  requireTools(SOFFICE_PATH, '/usr/bin/pdftotext', PDFTOPPM_PATH);
  await convertWithLibreOffice(xlsxFile, 'pdf', outDir, timeoutMs);
  const base = path.join(outDir, path.basename(xlsxFile, path.extname(xlsxFile)));
  const pdf = `${base}.pdf`;
  if (!existsSync(pdf)) throw new Error(`LibreOffice wrote no PDF for ${xlsxFile}`);
  const words = parseBboxWords(await runTool('/usr/bin/pdftotext', ['-bbox', pdf, '-'], timeoutMs));
  await runTool(PDFTOPPM_PATH, ['-r', String(dpi), '-png', '-f', '1', '-l', '1', '-singlefile', pdf, base], timeoutMs);
  return { pdf, words, png: `${base}.png`, dpi };
}
