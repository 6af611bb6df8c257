/**
 * `xcom datalog`: the datalog files on the Xcom-232i's SD card: `list` prints their names,
 * `get` downloads them into a directory, skipping the copies there that are complete.
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatalogProgress } from '../client/datalog.js';
import type { XcomClient } from '../client/xcom-client.js';
import { XcomDeviceError } from '../errors.js';
import { datalogFileDate, datalogFileName, isDatalogFileName } from '../protocol/file-transfer.js';
import { CommandError, UsageError } from './command.js';
import { copyFetchedAt, type GatewayDay, isFinalCopy, newestOf, saveFile, selectNames } from './datalog-files.js';
import { defineCommand } from './define-command.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { printJson } from './output.js';

/** What `get` did with one file. */
interface Outcome {
  readonly name: string;
  readonly path: string;
  readonly bytes: number | undefined;
  readonly skipped: boolean;
  readonly restarts: number;
}

const BAR = 20;

/** The status line of a download: a bar of the files done, the file and its bytes so far. */
export function progressLine(done: number, total: number, name: string, bytes: number, restarts: number): string {
  const filled = total === 0 ? BAR : Math.round((BAR * done) / total);
  const again = restarts > 0 ? `  (restarted ${restarts}×)` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${done}/${total}  ${name}  ${formatBytes(bytes)}${again}`;
}

function formatBytes(n: number): string {
  return n < 1000 ? `${n} B` : `${(n / 1000).toFixed(1)} kB`;
}

/** A date option `YYYY-MM-DD` (a day that exists, 2000–2099). */
function sinceOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    datalogFileName(value);
  } catch {
    throw new UsageError(`--since must be a date YYYY-MM-DD from 2000 to 2099, got "${value}"`);
  }
  return value;
}

/** The gateway's today and clock offset, read from its real-time clock {5002}; unknown when it cannot be read. */
async function gatewayDay(client: XcomClient, signal: AbortSignal): Promise<GatewayDay> {
  try {
    // With an offset of 0, the Date's UTC fields are the gateway's wall clock.
    const now = await client.readClock({ utcOffsetMinutes: 0, signal });
    return { today: datalogFileName(now), offsetMs: now.getTime() - Date.now() };
  } catch (error) {
    if (error instanceof XcomDeviceError) return { today: undefined, offsetMs: undefined };
    throw error;
  }
}

interface GetPlan {
  readonly io: CliIo;
  readonly verb: number;
  readonly json: boolean;
  readonly dir: string;
  readonly signal: AbortSignal;
  readonly names: readonly string[];
  readonly newest: string | undefined;
  readonly day: GatewayDay;
}

async function fetchFiles(client: XcomClient, plan: GetPlan): Promise<Outcome[]> {
  const { io, dir, signal, names } = plan;
  const outcomes: Outcome[] = [];
  for (const [i, name] of names.entries()) {
    const fetchedAt = await copyFetchedAt(dir, name);
    const done = (outcome: Outcome): void => {
      outcomes.push(outcome);
      if (!plan.json) printOutcome(io, outcome, plan.verb);
    };
    if (fetchedAt !== undefined && isFinalCopy(name, fetchedAt, plan.newest, plan.day)) {
      done({ name, path: join(dir, name), bytes: undefined, skipped: true, restarts: 0 });
      continue;
    }
    if (io.status === undefined) io.err(`${name}: downloading (${i + 1}/${names.length})`);
    let restarts = 0;
    const onProgress = (p: DatalogProgress): void => {
      if (p.restarts > restarts && io.status === undefined) io.err(`${name}: restarted from its first block (${p.restarts})`);
      restarts = p.restarts;
      io.status?.(progressLine(i, names.length, name, p.bytes, p.restarts));
    };
    const startedAt = Date.now();
    const bytes = await client.downloadDatalog(name, { signal, onProgress });
    const path = await saveFile(dir, name, bytes, startedAt);
    io.status?.(progressLine(i + 1, names.length, name, bytes.length, restarts));
    done({ name, path, bytes: bytes.length, skipped: false, restarts });
  }
  io.status?.(undefined);
  if (plan.json) printJson(io, outcomes.map((o) => ({ name: o.name, date: datalogFileDate(o.name) ?? null, path: o.path, bytes: o.bytes ?? null, skipped: o.skipped, restarts: o.restarts })));
  return outcomes;
}

/** One line per file, as soon as it is written or skipped. */
function printOutcome(io: CliIo, o: Outcome, verb: number): void {
  if (verb <= 0) io.out(o.path);
  else if (o.skipped) io.out(`${o.name}  skipped: complete in ${o.path}`);
  else io.out(`${o.name}  ${o.bytes ?? 0} bytes  ${o.path}`);
}

/** The `datalog` command. */
export const datalogCommand = defineCommand({
  name: 'datalog',
  synopsis: `xcom datalog list [--json] [options]
       xcom datalog get NAME… | --all | --since YYYY-MM-DD [-o DIR] [--json] [options]`,
  description: `The datalog files the Xcom-232i writes on its SD card, one a day: LGYYMMDD.CSV, a minute by
minute record of the installation (spec §4.8; the columns are Studer's and not documented:
the files are saved as they are, not parsed).
  list   prints their names, oldest first.
  get    downloads the files named, --all, or those of --since's day and later, into DIR
         (default the current directory). Each file is written under a temporary name and
         renamed once complete; a copy already in DIR is skipped when its day was over on the
         gateway's clock when it was fetched. Today's file (the newest, and the one of the
         gateway's date) is always fetched again: it grows every minute.
The download is exact: a lost or corrupted block restarts the file from its first block. A
progress bar goes to stderr on a terminal, a line per file otherwise.`,
  options: { all: { type: 'boolean' }, since: { type: 'string' }, output: { type: 'string', short: 'o' } },
  optionHelp: [
    '  --all           get every file on the card',
    '  --since DATE    get the files of DATE (YYYY-MM-DD) and later',
    '  -o DIR          the directory to write into (--output; created if missing; default .)',
    '  --verb N        0 the paths, 1 or 2 name, size and path (default), 3 also frames in hex',
    '  --json          one line of JSON',
  ],
  examples: [
    'xcom datalog list --url udp://192.168.1.50',
    'xcom datalog get --all -o ~/studer/logs          # again later: only what is new',
    'xcom datalog get --since 2025-06-01 -o logs',
    'xcom datalog get LG250620.CSV',
  ],
  connection: 'use',
  async run({ values, positionals, io, verb, json, signal, withClient }) {
    const [action, ...names] = positionals;
    if (action === 'list') {
      if (names.length > 0 || values.all === true || values.since !== undefined || values.output !== undefined) {
        throw new UsageError('xcom datalog list takes no file names, --all, --since or --output', { seeHelp: true });
      }
      const listing = await withClient((client) => client.listDatalogs({ signal }));
      if (json) printJson(io, listing);
      else for (const name of listing) io.out(name);
      return;
    }
    if (action !== 'get') throw new UsageError(action === undefined ? 'say what to do: xcom datalog list, or xcom datalog get' : `unknown action "${action}": list or get`, { seeHelp: true });
    const since = sinceOption(values.since);
    const modes = [names.length > 0, values.all === true, since !== undefined].filter(Boolean).length;
    if (modes !== 1) throw new UsageError('name the files to get, or give --all or --since (one of them)', { seeHelp: true });
    for (const name of names) if (!isDatalogFileName(name)) throw new UsageError(`"${name}" is not a datalog file name (LGYYMMDD.CSV)`);
    const dir = values.output ?? '.';
    if (dir === '') throw new UsageError('--output needs a directory');
    const missing = await withClient(async (client) => {
      // A name that could not be written safely under its own name is left out.
      const listing = (await client.listDatalogs({ signal })).filter((name) => isDatalogFileName(name));
      const selected = selectNames(listing, names.length > 0 ? { names } : since === undefined ? {} : { since });
      const day = await gatewayDay(client, signal);
      await mkdir(dir, { recursive: true });
      await fetchFiles(client, { io, verb, json, dir, signal, names: selected.found, newest: newestOf(listing), day });
      return selected.missing;
    });
    if (missing.length > 0) throw new CommandError(`not on the SD card: ${missing.join(', ')} (xcom datalog list shows what is)`, EXIT.FAILURE);
  },
});
