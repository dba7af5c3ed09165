/** What every benchmark section module in scripts/bench/ exports as `section`. */
export interface BenchRow {
  readonly measure: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

export interface BenchSection {
  readonly title: string;
  run(): Promise<BenchRow[]> | BenchRow[];
}
