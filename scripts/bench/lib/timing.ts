/**
 * Items per second of `work`, which processes `itemsPerCall` items per call: a warm-up (lets V8 optimise),
 * then repeated calls until `seconds` have passed. The machine is shared, so the best of `rounds` rounds is kept.
 */
export function itemsPerSecond(work: () => void, itemsPerCall: number, seconds = 1, rounds = 3): number {
  const warmUpEnd = performance.now() + Math.min(300, seconds * 300);
  do work();
  while (performance.now() < warmUpEnd);
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    let calls = 0;
    const start = performance.now();
    let now = start;
    while (now - start < (seconds * 1000) / rounds) {
      work();
      calls++;
      now = performance.now();
    }
    best = Math.max(best, (calls * itemsPerCall) / ((now - start) / 1000));
  }
  return best;
}

/** Progress on stderr, so the table on stdout stays clean. */
export function progress(message: string): void {
  process.stderr.write(`  … ${message}\n`);
}
