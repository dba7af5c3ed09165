/**
 * `npm run bench`: runs every section module in scripts/bench/ (each exports `section: BenchSection`) in one
 * process, in file-name order, and prints one table. Numbers are noisy on a shared machine: compare the ratios
 * within a run, and run it more than once. `npm run bench -- --photos DIR` runs the accuracy benchmark on a
 * folder of photos instead (scripts/photo-bench.ts).
 */
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

async function main(): Promise<void> {
  if (process.argv.some((arg) => arg === '--photos' || arg.startsWith('--photos=')))
    return runPhotoBench(process.argv.slice(2));
  const dir = path.join(__dirname, 'bench');
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .filter((name) => only.length === 0 || only.includes(path.basename(name, '.ts')))
    .sort();
  const rows: { section: string; row: BenchRow }[] = [];
  for (const file of files) {
    const section = (require(path.join(dir, file)) as { section?: BenchSection }).section;
    if (!section)
      throw new Error(
        `scripts/bench/${file} does not export a 'section' (BenchSection); every module there is a benchmark section`,
      );
    process.stderr.write(`${section.title}\n`);
    for (const row of await section.run()) rows.push({ section: section.title, row });
  }
  console.log();
  printTable(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
