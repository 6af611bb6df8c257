// A tiny timing helper for the benchmarks: runs `fn` for about `ms` milliseconds after a
// warm-up and returns operations per second.
export function opsPerSecond(fn: () => void, ms = 400): number {
  const warmUntil = performance.now() + ms / 4;
  while (performance.now() < warmUntil) fn();
  let ops = 0;
  let batch = 64;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    elapsed = performance.now() - start;
    if (elapsed < ms / 10) batch *= 2;
  }
  return (ops * 1000) / elapsed;
}

/**
 * The CPU time one call of `fn` takes, in nanoseconds: like {@link opsPerSecond} but timed by
 * the process's CPU clock, so that a machine busy with other work inflates it less.
 */
export function cpuNsPerOp(fn: () => void, ms = 400): number {
  const warmUntil = performance.now() + ms / 4;
  while (performance.now() < warmUntil) fn();
  let ops = 0;
  let batch = 64;
  const start = process.cpuUsage();
  let elapsedUs = 0;
  while (elapsedUs < ms * 1000) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    const used = process.cpuUsage(start);
    elapsedUs = used.user + used.system;
    if (elapsedUs < ms * 100) batch *= 2;
  }
  return (elapsedUs * 1000) / ops;
}

/** Formats a rate with thousands separators. */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Prints rows as an aligned text table. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
