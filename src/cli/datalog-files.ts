/**
 * The local side of `xcom datalog get`: which files of the SD card to fetch, which copies in
 * the output directory are complete already, and writing each file under a temporary name
 * renamed once complete, so that a file in the directory under its own name is always whole.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { datalogFileDate } from '../protocol/file-transfer.js';

const DAY_MS = 86_400_000;
/** A day's file is final once the day is over and its save at 00:00:30 done (spec §4.7): a minute of margin. */
const FINAL_AFTER_MS = 60_000;

/** What the gateway says about "now", to tell a finished day's file from one still written. */
export interface GatewayDay {
  /** The name of today's file on the gateway's clock (`LGYYMMDD.CSV`), when its clock was read. */
  readonly today: string | undefined;
  /** The gateway's wall-clock time minus this machine's clock, in ms, when its clock was read. */
  readonly offsetMs: number | undefined;
}

/**
 * Whether a copy of `name` fetched when this machine's clock read `fetchedAtMs` holds the
 * whole file: the file's day was over on the gateway's clock when its download began. The
 * newest file on the card, and today's on the gateway's clock, are never final: they are still
 * being written. Without the gateway's clock, or for a name without a date, a copy of any file
 * but the newest is taken as complete.
 */
export function isFinalCopy(name: string, fetchedAtMs: number, newest: string | undefined, day: GatewayDay): boolean {
  const upper = name.toUpperCase();
  if (upper === newest?.toUpperCase() || upper === day.today?.toUpperCase()) return false;
  const date = datalogFileDate(name);
  if (date === undefined || day.offsetMs === undefined) return true;
  const dayEnd = Date.parse(`${date}T00:00:00Z`) + DAY_MS;
  return fetchedAtMs + day.offsetMs >= dayEnd + FINAL_AFTER_MS;
}

/**
 * When the copy of `name` in `dir` was fetched (its modification time, which {@link saveFile}
 * sets to the moment its download began), or `undefined` when there is none.
 */
export async function copyFetchedAt(dir: string, name: string): Promise<number | undefined> {
  try {
    const info = await stat(join(dir, name));
    return info.isFile() ? info.mtimeMs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes `bytes` to `dir/name` through a temporary file in the same directory, renamed once
 * written; its modification time is `startedAtMs`, the moment the download began (what the
 * file holds was on the card by then). Nothing is left behind on failure.
 */
export async function saveFile(dir: string, name: string, bytes: Uint8Array, startedAtMs: number): Promise<string> {
  const target = join(dir, name);
  const temporary = join(dir, `.${name}.${randomBytes(4).toString('hex')}.part`);
  try {
    await writeFile(temporary, bytes, { flag: 'wx' });
    const started = new Date(startedAtMs);
    await utimes(temporary, started, started);
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  return target;
}

/** The names to fetch: those given (in the card's spelling), every one, or those of a day from `since` on. */
export function selectNames(listing: readonly string[], selection: { readonly names?: readonly string[]; readonly since?: string }): { readonly found: string[]; readonly missing: string[] } {
  if (selection.names !== undefined) {
    const found: string[] = [];
    const missing: string[] = [];
    for (const name of selection.names) {
      const match = listing.find((n) => n.toUpperCase() === name.toUpperCase());
      if (match === undefined) missing.push(name);
      else if (!found.includes(match)) found.push(match);
    }
    return { found, missing };
  }
  const since = selection.since;
  if (since === undefined) return { found: [...listing], missing: [] };
  return { found: listing.filter((name) => (datalogFileDate(name) ?? '') >= since), missing: [] };
}

/** The newest file of a listing: the latest LGYYMMDD date, else the last name. */
export function newestOf(listing: readonly string[]): string | undefined {
  let newest: string | undefined;
  let newestDate = '';
  for (const name of listing) {
    const date = datalogFileDate(name);
    if (date !== undefined && date >= newestDate) {
      newest = name;
      newestDate = date;
    }
  }
  return newest ?? listing.at(-1);
}
