/**
 * Printing helpers shared by the examples: values with their units or labels, device names,
 * aligned tables.
 */
import { FAMILIES, familyOfAddress, labelOf, type Datapoint } from 'xcom-ts';

/** A value as an RCC would show it: a FLOAT rounded, an enum with its label. */
export function formatValue(datapoint: Datapoint, value: unknown): string {
  if (typeof value === 'number' && datapoint.labels !== undefined) {
    const label = labelOf(datapoint, value);
    return label === undefined ? String(value) : `${value} (${label})`;
  }
  if (typeof value === 'number' && !Number.isInteger(value)) {
    // Enough digits for a kW reading (0.508) without printing float noise.
    return Math.abs(value) >= 100 ? value.toFixed(1) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toFixed(3);
  }
  return String(value);
}

/** "Xtender 101", "BSP 601", "RCC/Xcom-232i 501", or the bare address. */
export function deviceName(address: number): string {
  const family = familyOfAddress(address);
  return family === undefined ? String(address) : `${FAMILIES[family].label} ${address}`;
}

/** Local wall-clock seconds since 1970 (as the Xcom stamps its messages) as `YYYY-MM-DD hh:mm:ss`. */
export function formatTimestamp(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

/** Prints rows under a header, columns padded; columns listed in `right` are right-aligned. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[], right: readonly number[] = []): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(`  ${line(header)}`);
  console.log(`  ${line(widths.map((w) => '-'.repeat(w)))}`);
  for (const row of rows) console.log(`  ${line(row)}`);
}
