/**
 * Printing: aligned text tables and single-line JSON (byte streams as hex).
 * @module
 */
import type { CliIo } from './io.js';

/** Lines of a left-aligned table with a header; the last column is not padded. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Prints a table. */
export function printTable(io: CliIo, header: readonly string[], rows: readonly (readonly string[])[]): void {
  for (const line of formatTable(header, rows)) io.out(line);
}

/** Bytes as lower-case hex without separators (a GUID, a byte stream). */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** One line of JSON; a `Uint8Array` becomes its hex string. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? hex(v) : v));
}

/** Prints one line of JSON. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(jsonLine(value));
}
