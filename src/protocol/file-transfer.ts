/**
 * The file-transfer object (object type 0x0101, spec §4.8 and §5.7): the datalog files the
 * Xcom-232i writes to its SD card (`CSVFILES\LOG\LGYYMMDD.CSV`), read block by block.
 *
 * Every step is a READ_PROPERTY of object 1 (the directory list) or 2 (a file), and its property
 * id says what the step is. Unlike every other object, a reply carries another property id than
 * its request: Start, Ack_Continue and Nack_Retry are answered by a Datablock (512 bytes) or a
 * Finish, Abort by a Finish. Where the spec contradicts itself, this module takes the side
 * real traffic shows and accepts both:
 * - §4.8.2 says Finish carries no data, §4.8.3 and §5.7.1 show it carrying the last block:
 *   the data of a Finish, if any, is the file's last part;
 * - §4.8.2 separates directory entries with CR, §5.7.1 ends each with LF: CR, LF and CRLF are
 *   all line ends;
 * - §5.7.2 sends the file name followed by 0x0A: so does {@link encodeDatalogStart};
 * - about 39 names fit in a block, so a listing may span several blocks: it is parsed once
 *   every block is in;
 * - the §5.7 samples are inconsistent (a data_length of 0x0A for a 23-byte payload, a file
 *   reply that repeats the directory reply): the §5.7.1 request and reply are the only frames
 *   used as vectors, and both check out byte for byte.
 * @module
 */
import { XcomValidationError } from '../errors.js';

/** Object type 0x0101: datalog transfer, the content of `CSVFILES\LOG` on the SD card. */
export const DATALOG_OBJECT_TYPE = 0x0101;
/** Object id 1: the directory list. */
export const DATALOG_DIRECTORY = 1;
/** Object id 2: file access. */
export const DATALOG_FILE = 2;
/** Property 0x21 SD_Start: open the directory (no data) or a file (its name). */
export const SD_START = 0x21;
/** Property 0x22 SD_Datablock: a reply carrying one 512-byte block. */
export const SD_DATABLOCK = 0x22;
/** Property 0x23 SD_Ack_Continue: the block arrived; send the next. */
export const SD_ACK_CONTINUE = 0x23;
/** Property 0x24 SD_Nack_Retry: send the same block again. */
export const SD_NACK_RETRY = 0x24;
/** Property 0x25 SD_Abort: end the transfer. */
export const SD_ABORT = 0x25;
/** Property 0x26 SD_Finish: a reply ending the transfer, with the last block (or nothing). */
export const SD_FINISH = 0x26;
/** The size of a Datablock (spec §4.8.2); the last block, in a Finish, may be shorter. */
export const DATALOG_BLOCK_SIZE = 512;

const BLOCK_REPLIES: readonly number[] = [SD_DATABLOCK, SD_FINISH];
const ABORT_REPLIES: readonly number[] = [SD_FINISH];
const NONE: readonly number[] = [];

/**
 * The property ids a reply to a file-transfer step carries besides the request's own (an
 * error reply echoes it): Datablock or Finish for Start, Ack_Continue and Nack_Retry, Finish
 * for Abort; none for anything else, including every other object type.
 */
export function datalogReplyProperties(objectType: number, serviceId: number, propertyId: number): readonly number[] {
  if (objectType !== DATALOG_OBJECT_TYPE || serviceId !== 0x01) return NONE;
  switch (propertyId) {
    case SD_START:
    case SD_ACK_CONTINUE:
    case SD_NACK_RETRY:
      return BLOCK_REPLIES;
    case SD_ABORT:
      return ABORT_REPLIES;
    default:
      return NONE;
  }
}

/**
 * Whether `name` is a file name the SD card can hold and a client may safely write under its
 * own name: 8.3 characters of ASCII letters, digits, `_` and `-` (`LGYYMMDD.CSV` is one). No
 * path separator, no `..`, nothing a shell or a file system treats specially.
 */
export function isDatalogFileName(name: string): boolean {
  return typeof name === 'string' && /^[A-Za-z0-9_-]{1,8}(?:\.[A-Za-z0-9_-]{1,3})?$/.test(name);
}

/** The data of a file's SD_Start: the name in ASCII followed by 0x0A, as spec §5.7.2 sends it. */
export function encodeDatalogStart(name: string): Uint8Array {
  const out = new Uint8Array(name.length + 1);
  for (let i = 0; i < name.length; i++) out[i] = name.charCodeAt(i) & 0xff;
  out[name.length] = 0x0a;
  return out;
}

/**
 * The names of a directory listing (every block of it, joined): entries end with CR, LF or
 * CRLF (the spec says both); empty entries and NUL padding are dropped, and the names are
 * kept in the gateway's order.
 */
export function decodeDatalogListing(data: Uint8Array): string[] {
  let text = '';
  for (const byte of data) if (byte !== 0) text += String.fromCharCode(byte);
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * The date of a datalog file `LGYYMMDD.CSV` as `'YYYY-MM-DD'` (years 2000–2099), in the
 * installation's own calendar (its clock counts local wall-clock time); `undefined` for a name
 * of another form or an impossible date.
 */
export function datalogFileDate(name: string): string | undefined {
  const match = /^LG(\d\d)(\d\d)(\d\d)\.CSV$/i.exec(name);
  if (match === null) return undefined;
  const [year, month, day] = [2000 + Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * The name of the datalog file of a day, `LGYYMMDD.CSV`, from `'YYYY-MM-DD'` (2000–2099) or
 * from a `Date` whose UTC fields hold the installation's wall-clock date (as
 * `clockSecondsToDate(seconds, 0)` gives it).
 */
export function datalogFileName(date: string | Date): string {
  const iso = typeof date === 'string' ? date : Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
  const match = /^20(\d\d)-(\d\d)-(\d\d)$/.exec(iso);
  const name = match === null ? undefined : `LG${match[1]}${match[2]}${match[3]}.CSV`;
  if (name === undefined || datalogFileDate(name) !== iso) throw new XcomValidationError(`a datalog date is YYYY-MM-DD from 2000 to 2099, got ${String(date)}`, 'date');
  return name;
}
