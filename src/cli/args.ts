/**
 * Command-line parsing shared by every command: `node:util` `parseArgs` with negative numbers
 * as values, options whose value may be left out, and the small value parsers (integers,
 * durations, choices) that turn a bad value into a usage error naming the option.
 * @module
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './command.js';

/** A `parseArgs` options configuration. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** How much to print, and in which form. `--verbose` is `scom.exe`'s spelling of `--verb`. */
export const OUTPUT_OPTIONS = {
  json: { type: 'boolean' },
  verb: { type: 'string' },
  verbose: { type: 'string' },
} as const satisfies OptionsConfig;

/** `-h`, `--help`: every command takes it. */
export const HELP_OPTION = {
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

type Parsed<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/** The options and positionals of one command line. */
export interface CommandLine<O extends OptionsConfig> {
  /** The options, typed by their configuration. */
  readonly values: Parsed<O>['values'];
  /** The arguments that are not options, in order. */
  readonly positionals: string[];
}

// parseArgs reads "-4" as a short option; a value such as `xcom set 1139 -4` must stay a value.
const NEGATIVE = /^-(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const ESCAPE = '\u0000';

function unescape<T>(value: T): T {
  if (typeof value === 'string') return (value.startsWith(ESCAPE) ? value.slice(1) : value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => unescape(v)) as T;
  return value;
}

/** Parses a command's arguments strictly: an unknown option is a usage error. */
export function parseCommandLine<O extends OptionsConfig>(args: readonly string[], options: O): CommandLine<O> {
  const escaped = args.map((arg) => (NEGATIVE.test(arg) ? ESCAPE + arg : arg));
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: escaped, options, allowPositionals: true, strict: true }) as Parsed<O>;
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, '').replace(/\.$/, ''), { seeHelp: true });
  }
  const values = Object.fromEntries(Object.entries(parsed.values).map(([k, v]) => [k, unescape(v)]));
  return { values: values as Parsed<O>['values'], positionals: parsed.positionals.map((p) => unescape(p)) };
}

/**
 * Gives `''` to the options named when they come without a value (`--serial` last, or followed
 * by another option), which `parseArgs` would refuse.
 */
export function withOptionalValues(args: readonly string[], names: readonly string[]): string[] {
  return args.map((arg, i) => {
    const next = args[i + 1];
    const bare = names.some((name) => arg === `--${name}`);
    return bare && (next === undefined || (next.startsWith('-') && !NEGATIVE.test(next))) ? `${arg}=` : arg;
  });
}

/** An integer option from `min` to `max` (decimal, or hex with `0x`); `undefined` when absent. */
export function integerOption(value: string, name: string, min: number, max: number): number;
export function integerOption(value: string | undefined, name: string, min: number, max: number): number | undefined;
export function integerOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

/** One of a fixed set of words (any case); `undefined` when absent. */
export function choiceOption<T extends string>(value: string, name: string, allowed: readonly T[]): T;
export function choiceOption<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined;
export function choiceOption<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (found === undefined) throw new UsageError(`${name} must be ${allowed.join(' or ')}, got "${value}"`);
  return found;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration such as `2s`, `500ms`, `1.5s` or `1m`, in milliseconds; a bare number is seconds
 * (`--timeout 5`). At least 1 ms, at most `maxMs`.
 */
export function durationOption(value: string, name: string, maxMs: number): number;
export function durationOption(value: string | undefined, name: string, maxMs: number): number | undefined;
export function durationOption(value: string | undefined, name: string, maxMs: number): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/i.exec(value.trim());
  const ms = match === null ? Number.NaN : Math.round(Number(match[1]) * (UNIT_MS[(match[2] ?? 's').toLowerCase()] ?? Number.NaN));
  if (!Number.isFinite(ms) || ms < 1 || ms > maxMs) {
    throw new UsageError(`${name} must be a duration such as 2s, 500ms or 1m, from 1ms to ${maxMs / 1000}s, got "${value}"`);
  }
  return ms;
}

/** The verbosity (`--verb`, or `--verbose`), 0 to 3, default 2 as in pyscom. */
export function verbosity(values: { readonly verb?: string | undefined; readonly verbose?: string | undefined }): number {
  return integerOption(values.verb ?? values.verbose, '--verb', 0, 3) ?? 2;
}
