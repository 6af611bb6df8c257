/**
 * Downloading the SD card's datalog files (object type 0x0101, spec §4.8): the directory list
 * and each file, exact to the byte.
 *
 * A transfer is a chain of READ_PROPERTY steps: SD_Start (the directory, or a file by name),
 * then SD_Ack_Continue after each Datablock until a Finish. The replies carry no block
 * number, so after a lost reply an SD_Nack_Retry may bring the next block and after a lost
 * Ack_Continue the same one again: the only step whose effect is known after a timeout is
 * none. The recovery is therefore a restart: on a timeout, a malformed reply, or the gateway
 * saying the transfer is not open (OBJECT_PROPERTY_INVALID) or its read failed
 * (FILE_CORRUPTED), the transfer is aborted (SD_Abort, after the late replies' quarantine
 * window has passed, so that none of them can be taken for a later answer) and started again
 * from SD_Start, which always brings the first block, at most `maxRestarts` times. The bytes
 * returned are then those of one run from Start to Finish in which every step got exactly its
 * own answer. GATEWAY_BUSY (the daily datalog save at 00:00:30) is a refusal, not a step done:
 * the same step is sent again after a backoff. A Datablock equal to the one before is taken
 * for a duplicated reply (a UDP datagram delivered twice) and the transfer restarts too: two
 * equal consecutive blocks cannot occur in a datalog (every row has its minute), and without
 * that check a duplicate that arrives after the next step was sent would go unnoticed.
 * Nack_Retry is never sent.
 *
 * Where the spec contradicts itself (see `protocol/file-transfer.ts`), both readings are
 * accepted: a Finish with or without data, names ended by CR, LF or CRLF, a listing over
 * several blocks. The file's bytes are returned as they are: the CSV's columns are not in the
 * spec, so this library does not parse them.
 * @module
 */
import { SCOM_ERRORS } from '../constants.js';
import { XcomDeviceError, XcomError, XcomProtocolError, XcomTimeoutError, XcomValidationError } from '../errors.js';
import { DATALOG_DIRECTORY, DATALOG_FILE, decodeDatalogListing, encodeDatalogStart, isDatalogFileName, SD_ABORT, SD_ACK_CONTINUE, SD_DATABLOCK, SD_FINISH, SD_START } from '../protocol/file-transfer.js';
import type { ScomMessage } from '../protocol/service.js';

/** Options of {@link XcomClient.listDatalogs}. */
export interface ListDatalogsOptions {
  /** Aborts the listing (an SD_Abort is sent); the call rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Per-step timeout in milliseconds (default the client's). */
  readonly timeoutMs?: number;
  /** How many times the listing may start over after a failed step (default 3). */
  readonly maxRestarts?: number;
}

/** The keys of {@link ListDatalogsOptions}, which the client checks at run time. */
export const LIST_DATALOGS_OPTION_KEYS = ['signal', 'timeoutMs', 'maxRestarts'] as const satisfies readonly (keyof ListDatalogsOptions)[];

/** How far a download has come, after each block. */
export interface DatalogProgress {
  /** The file (`'LG250621.CSV'`), or `''` for the directory listing. */
  readonly name: string;
  /** Bytes received so far in this run (0 again after a restart). */
  readonly bytes: number;
  /** Blocks received so far in this run. */
  readonly blocks: number;
  /** How many times the transfer started over. */
  readonly restarts: number;
  /** Whether this is the last call: the file is complete. */
  readonly done: boolean;
}

/** Options of {@link XcomClient.downloadDatalog}. */
export interface DownloadDatalogOptions extends ListDatalogsOptions {
  /** Called after each block (and after a restart, with `bytes` back to 0). */
  readonly onProgress?: (progress: DatalogProgress) => void;
}

/** The keys of {@link DownloadDatalogOptions}, which the client checks at run time. */
export const DOWNLOAD_DATALOG_OPTION_KEYS = ['signal', 'timeoutMs', 'maxRestarts', 'onProgress'] as const satisfies readonly (keyof DownloadDatalogOptions)[];
type True<T extends true> = T;
type _ListKeys = True<[Exclude<keyof ListDatalogsOptions, (typeof LIST_DATALOGS_OPTION_KEYS)[number]>] extends [never] ? true : false>;
type _DownloadKeys = True<[Exclude<keyof DownloadDatalogOptions, (typeof DOWNLOAD_DATALOG_OPTION_KEYS)[number]>] extends [never] ? true : false>;

/** The default of {@link ListDatalogsOptions.maxRestarts}. */
export const DEFAULT_MAX_RESTARTS = 3;
/** No datalog comes near this; a gateway that keeps sending blocks past it is broken. */
const MAX_BYTES = 64 * 1024 * 1024;

/** Sends one step of a transfer and resolves with its reply (a device error rejects). */
export type TransferStep = (objectId: number, propertyId: number, data: Uint8Array, signal: AbortSignal | undefined) => Promise<ScomMessage>;

/** What one transfer needs besides its steps. */
export interface TransferPlan {
  /** 1 the directory list, 2 a file. */
  readonly objectId: number;
  /** The file name (`''` for the directory). */
  readonly name: string;
  readonly signal: AbortSignal | undefined;
  readonly maxRestarts: number;
  readonly onProgress: ((progress: DatalogProgress) => void) | undefined;
}

/** Checks a file name before anything is sent: 8.3 ASCII, as `LGYYMMDD.CSV`. */
export function checkDatalogName(name: string): string {
  if (!isDatalogFileName(name)) {
    throw new XcomValidationError(`a datalog file name is 8.3 ASCII letters, digits, _ or - (LGYYMMDD.CSV), got ${JSON.stringify(name)}`, 'name');
  }
  return name;
}

/** Checks `maxRestarts` (an integer 0–100) and returns it, or the default. */
export function checkMaxRestarts(value: number | undefined): number {
  const n = value ?? DEFAULT_MAX_RESTARTS;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 100) {
    throw new XcomValidationError(`maxRestarts must be an integer from 0 to 100, got ${JSON.stringify(value)}`, 'maxRestarts');
  }
  return n;
}

/** Failures after which the transfer starts over: the step's effect is unknown, or the gateway lost the transfer. */
function restartable(error: unknown): boolean {
  if (error instanceof XcomTimeoutError || error instanceof XcomProtocolError) return true;
  return error instanceof XcomDeviceError && (error.scomCode === SCOM_ERRORS.OBJECT_PROPERTY_INVALID || error.scomCode === SCOM_ERRORS.FILE_CORRUPTED);
}

/** The error a transfer ends with once its restarts are spent: the last failure, saying so. */
function exhausted(error: unknown, what: string, restarts: number): unknown {
  if (!(error instanceof XcomError)) return error;
  const message = `no complete transfer of ${what} in ${restarts + 1} runs: ${error.message}`;
  if (error instanceof XcomTimeoutError) return new XcomTimeoutError(message, error.timeoutMs, restarts + 1, { cause: error });
  if (error instanceof XcomDeviceError) return new XcomDeviceError(error.scomCode, error.code, message, { cause: error });
  return new XcomProtocolError(message, { cause: error });
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Runs one transfer to its Finish and returns its bytes, restarting it as the module says.
 * An abort sends SD_Abort (once, not retried) before rejecting with the signal's reason.
 */
export async function transfer(step: TransferStep, plan: TransferPlan): Promise<Uint8Array> {
  const { signal, objectId, name } = plan;
  signal?.throwIfAborted();
  const what = name === '' ? 'the directory list' : name;
  const startData = name === '' ? new Uint8Array(0) : encodeDatalogStart(name);
  let open = false;
  const abort = async (): Promise<void> => {
    if (!open) return;
    open = false;
    // Best effort: a lost Abort leaves nothing behind that the next Start does not reset.
    await step(objectId, SD_ABORT, new Uint8Array(0), undefined).catch(() => undefined);
  };
  for (let restarts = 0; ; restarts++) {
    try {
      const chunks: Uint8Array[] = [];
      let total = 0;
      let previous: Uint8Array | undefined;
      const progress = (done: boolean): void => plan.onProgress?.({ name, bytes: total, blocks: chunks.length, restarts, done });
      if (restarts > 0) progress(false);
      open = true;
      let reply: ScomMessage;
      try {
        reply = await step(objectId, SD_START, startData, signal);
      } catch (error) {
        // A refused Start opened nothing.
        if (error instanceof XcomDeviceError) open = false;
        throw error;
      }
      for (;;) {
        const data = reply.propertyData;
        if (reply.propertyId === SD_FINISH) {
          open = false;
          if (data.length > 0) chunks.push(data);
          total += data.length;
          progress(true);
          return concat(chunks, total);
        }
        if (reply.propertyId !== SD_DATABLOCK) throw new XcomProtocolError(`the gateway answered a transfer step with property ${reply.propertyId}, neither Datablock nor Finish`);
        if (data.length === 0) throw new XcomProtocolError('the gateway sent an empty Datablock');
        if (previous !== undefined && equalBytes(previous, data)) {
          throw new XcomProtocolError(`block ${chunks.length + 1} of ${what} repeats the one before: a duplicated reply`);
        }
        total += data.length;
        if (total > MAX_BYTES) throw new XcomProtocolError(`${what} goes on past ${MAX_BYTES} bytes: not a datalog`);
        chunks.push(data);
        previous = data;
        progress(false);
        reply = await step(objectId, SD_ACK_CONTINUE, new Uint8Array(0), signal);
      }
    } catch (error) {
      if (signal?.aborted === true) {
        await abort();
        throw signal.reason;
      }
      await abort();
      if (!restartable(error)) throw error;
      if (restarts >= plan.maxRestarts) throw exhausted(error, what, restarts);
    }
  }
}

/** Lists the directory: every name of `CSVFILES\LOG`, in the gateway's order. */
export async function listDatalogFiles(step: TransferStep, plan: Omit<TransferPlan, 'objectId' | 'name'>): Promise<string[]> {
  return decodeDatalogListing(await transfer(step, { ...plan, objectId: DATALOG_DIRECTORY, name: '' }));
}

/** Downloads file `name` (checked first). */
export function downloadDatalogFile(step: TransferStep, name: string, plan: Omit<TransferPlan, 'objectId' | 'name'>): Promise<Uint8Array> {
  return transfer(step, { ...plan, objectId: DATALOG_FILE, name: checkDatalogName(name) });
}
