/**
 * The Xcom-232i's SD card: the daily datalog files `CSVFILES\LOG\LGYYMMDD.CSV`, a header line
 * and a row per minute, written as the installation's clock runs.
 * @module
 */
import { XcomValidationError } from '../errors.js';
import { datalogFileName } from '../protocol/file-transfer.js';
import { DatalogRows, type DatalogModelOptions } from './datalog-csv.js';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;
/** The daily save of the custom datalog field starts at 00:00:30 (spec §4.7). */
const SAVE_AT_MS = 30_000;

/** Options of the simulated SD card. */
export interface SdCardOptions {
  /**
   * How many days of files the card holds, today's included (default 7: a week). Older files
   * go as new days begin, as if the card were emptied now and then; {5047} and {5120} erase
   * more.
   */
  readonly days?: number;
  /**
   * How long the gateway answers every request with GATEWAY_BUSY while it saves the day's file
   * at 00:00:30 (spec §4.7) or when {5059} "Save today's datas" is sent, in ms (default 0:
   * never busy, so that tests running on the system clock never meet it by chance).
   */
  readonly saveBusyMs?: number;
  /**
   * Whether a Finish reply carries the file's last block (default true, as spec §4.8.3 and
   * §5.7.1 show); false answers as §4.8.2 reads: every block in a Datablock, then a Finish
   * without data.
   */
  readonly finishCarriesData?: boolean;
}

interface LogFile {
  /** The local day (days since 1970). */
  readonly day: number;
  /** The first minute logged in it (after a format, later than the day's start). */
  readonly fromMinute: number;
}

/** The simulated SD card of the Xcom-232i. */
export class SdCard {
  /** Whether a Finish reply carries the last block (see {@link SdCardOptions.finishCarriesData}). */
  readonly finishCarriesData: boolean;
  /** Frame flag bit 4: a new datalog file appeared since the last datalog read. */
  newFile: boolean;
  private readonly days: number;
  private readonly saveBusyMs: number;
  private readonly rows: DatalogRows;
  private readonly files = new Map<number, LogFile>();
  /** The local minute the card has been written up to. */
  private minute: number;
  private busyUntilMs = 0;
  private busyFromMs = 0;

  /**
   * @param options the days held, the save's busy time, the Finish form
   * @param model the plant behind the rows (its start minute is ignored: the card starts `days` before `nowLocalMs`)
   * @param nowLocalMs now, in local wall-clock ms since 1970
   * @param newFile the initial value of frame flag bit 4
   */
  constructor(options: SdCardOptions, model: Omit<DatalogModelOptions, 'startMinute'>, nowLocalMs: number, newFile = false) {
    this.days = options.days ?? 7;
    if (!Number.isInteger(this.days) || this.days < 1 || this.days > 366) {
      throw new XcomValidationError(`sdCard.days must be an integer from 1 to 366, got ${String(options.days)}`, 'sdCard.days');
    }
    this.saveBusyMs = options.saveBusyMs ?? 0;
    if (!(this.saveBusyMs >= 0 && Number.isFinite(this.saveBusyMs))) {
      throw new XcomValidationError(`sdCard.saveBusyMs must be a duration in ms, got ${String(options.saveBusyMs)}`, 'sdCard.saveBusyMs');
    }
    this.finishCarriesData = options.finishCarriesData ?? true;
    this.newFile = newFile;
    this.minute = Math.floor(nowLocalMs / MINUTE_MS);
    const today = Math.floor(this.minute / DAY_MINUTES);
    const first = today - this.days + 1;
    this.rows = new DatalogRows({ ...model, startMinute: first * DAY_MINUTES });
    for (let day = first; day <= today; day++) this.files.set(day, { day, fromMinute: day * DAY_MINUTES });
  }

  /**
   * Writes the card up to `nowLocalMs`: a new day opens its file (and raises the new-file
   * flag), and the daily save makes the gateway busy from 00:00:30 for the save's time.
   */
  advanceTo(nowLocalMs: number): void {
    const minute = Math.floor(nowLocalMs / MINUTE_MS);
    if (minute <= this.minute) return;
    const from = Math.floor(this.minute / DAY_MINUTES);
    const to = Math.floor(minute / DAY_MINUTES);
    this.minute = minute;
    if (to === from) return;
    for (let day = Math.max(from + 1, to - this.days + 1); day <= to; day++) this.files.set(day, { day, fromMinute: day * DAY_MINUTES });
    this.newFile = true;
    this.busyFromMs = to * DAY_MINUTES * MINUTE_MS + SAVE_AT_MS;
    this.busyUntilMs = this.busyFromMs + this.saveBusyMs;
    this.trim(to - this.days + 1);
  }

  /** Whether the gateway is saving the datalog at `nowLocalMs` (and answers GATEWAY_BUSY). */
  isBusy(nowLocalMs: number): boolean {
    return nowLocalMs >= this.busyFromMs && nowLocalMs < this.busyUntilMs;
  }

  /** {5059} "Save today's datas": the gateway saves now, busy for the save's time. */
  saveNow(nowLocalMs: number): void {
    this.busyFromMs = nowLocalMs;
    this.busyUntilMs = nowLocalMs + this.saveBusyMs;
  }

  /** The file names, oldest first (the order of the directory listing). */
  names(): string[] {
    return [...this.files.values()].sort((a, b) => a.day - b.day).map((file) => nameOf(file.day));
  }

  /** The bytes of file `name` now (case does not matter, as on FAT), or `undefined` when it is not on the card. */
  read(name: string): Uint8Array | undefined {
    const wanted = name.toUpperCase();
    for (const file of this.files.values()) if (nameOf(file.day) === wanted) return this.content(file);
    return undefined;
  }

  /** {5047} "Format the SD card": every file is erased; today's starts again from the next minute. */
  format(): void {
    const today = Math.floor(this.minute / DAY_MINUTES);
    this.files.clear();
    this.files.set(today, { day: today, fromMinute: this.minute + 1 });
    this.newFile = false;
    this.trim(today);
  }

  /** {5120}: erases the `count` oldest files; today's, being written, stays. */
  eraseOldest(count: number): void {
    const today = Math.floor(this.minute / DAY_MINUTES);
    const old = [...this.files.keys()].filter((day) => day !== today).sort((a, b) => a - b);
    for (const day of old.slice(0, count)) this.files.delete(day);
    const oldest = Math.min(...this.files.keys());
    this.trim(oldest);
  }

  private trim(fromDay: number): void {
    for (const day of this.files.keys()) if (day < fromDay) this.files.delete(day);
    const first = Math.min(...[...this.files.values()].map((f) => f.fromMinute));
    this.rows.forgetBefore(first);
  }

  private content(file: LogFile): Uint8Array {
    const last = Math.min(file.day * DAY_MINUTES + DAY_MINUTES - 1, this.minute);
    const lines = [this.rows.header];
    for (let m = file.fromMinute; m <= last; m++) lines.push(this.rows.row(m));
    const text = `${lines.join('\r\n')}\r\n`;
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }
}

function nameOf(day: number): string {
  return datalogFileName(new Date(day * DAY_MINUTES * MINUTE_MS));
}
