/**
 * `npm run bench`: runs every section module in scripts/bench/ (each exports `section: BenchSection`) in file-name
 * order, each in a process of its own, and prints one table. A section never runs after another in the same
 * process: V8 tunes the code they share (the engine) for whatever ran first, so a section's numbers would depend
 * on the sections before it. Numbers are noisy on a shared machine: compare the ratios within a run, and run it
 * more than once. `npm run bench -- --photos DIR` runs the accuracy benchmark on a folder of photos instead
 * (scripts/photo-bench.ts).
 */
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { BenchRow, BenchSection } from './bench/lib/section';
import { runPhotoBench } from './photo-bench';

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)} G`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function printTable(rows: { section: string; row: BenchRow }[]): void {
  const cells = rows.map(({ section, row }) => [
    section,
    row.measure,
    formatValue(row.value),
    row.unit,
    row.note ?? '',
  ]);
  const header = ['section', 'measure', 'value', 'unit', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string =>
    c
      .map((v, i) => (i === 2 ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join(' | ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const c of cells) console.log(line(c));
}

/** Flag of the child process that runs one section and sends its title and rows back. */
const SECTION_FLAG = '--run-section';

interface SectionResult {
  readonly title: string;
  readonly rows: BenchRow[];
}

async function runSection(file: string): Promise<SectionResult> {
  const section = (require(file) as { section?: BenchSection }).section;
  if (!section)
    throw new Error(
      `scripts/bench/${path.basename(file)} does not export a 'section' (BenchSection); every module there is a benchmark section`,
    );
  process.stderr.write(`${section.title}\n`);
  return { title: section.title, rows: await section.run() };
}

/** runSection in a child process started with this process's loader flags. */
function runSectionInChild(file: string): Promise<SectionResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [SECTION_FLAG, file], { execArgv: process.execArgv });
    let result: SectionResult | undefined;
    child.on('message', (message: SectionResult) => (result = message));
    child.on('error', reject);
    child.on('exit', (code) =>
      result && code === 0
        ? resolve(result)
        : reject(new Error(`the benchmark section ${path.basename(file)} failed (exit code ${code})`)),
    );
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === SECTION_FLAG) {
    const result = await runSection(args[1]);
    // Disconnecting lets the child exit once its rows are sent.
    await new Promise<void>((done) => process.send?.(result, () => done()));
    process.disconnect?.();
    return;
  }
  if (args.some((arg) => arg === '--photos' || arg.startsWith('--photos='))) return runPhotoBench(args);
  const dir = path.join(__dirname, 'bench');
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .filter((name) => args.length === 0 || args.includes(path.basename(name, '.ts')))
    .sort();
  const rows: { section: string; row: BenchRow }[] = [];
  for (const file of files) {
    const { title, rows: sectionRows } = await runSectionInChild(path.join(dir, file));
    for (const row of sectionRows) rows.push({ section: title, row });
  }
  console.log();
  printTable(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
