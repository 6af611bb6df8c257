/**
 * The gateway's side of the file-transfer object (object type 0x0101, spec §4.8): one transfer
 * at a time, its bytes taken when it starts, served in 512-byte blocks.
 * @module
 */
import { SCOM_ERRORS as E } from '../constants.js';
import {
  DATALOG_BLOCK_SIZE,
  DATALOG_DIRECTORY,
  DATALOG_FILE,
  SD_ABORT,
  SD_ACK_CONTINUE,
  SD_DATABLOCK,
  SD_FINISH,
  SD_NACK_RETRY,
  SD_START,
} from '../protocol/file-transfer.js';
import type { ScomMessage } from '../protocol/service.js';
import { fail, ok, type Reply } from './reply.js';
import type { SdCard } from './sd-card.js';

const XCOM = 501;
const READ = 0x01;
const NO_DATA = new Uint8Array(0);

interface Transfer {
  /** 1 the directory list, 2 a file. */
  readonly objectId: number;
  /** What is sent, as it was at the Start. */
  readonly bytes: Uint8Array;
  /** Where the block last sent begins. */
  offset: number;
}

/**
 * The transfer in progress on the gateway, and the answer to each step: Start opens the
 * directory list or a file (its name, with or without a trailing line end) and sends its first
 * block; Ack_Continue sends the next block, Nack_Retry the same one again; the last block goes
 * in a Finish (or, with `finishCarriesData` false, in a Datablock followed by an empty Finish),
 * which ends the transfer; Abort ends it with an empty Finish. A step with no transfer open
 * on its object is refused with OBJECT_PROPERTY_INVALID.
 */
export class FileTransfer {
  private current: Transfer | undefined;

  /** @param card the SD card the files come from; `undefined` when there is none */
  constructor(private readonly card: SdCard | undefined) {}

  /** Whether a transfer is open (a client started one and has not finished or aborted it). */
  get isOpen(): boolean {
    return this.current !== undefined;
  }

  /** Answers one request to object type 0x0101. */
  handle(msg: ScomMessage): Reply {
    if (msg.serviceId !== READ) return fail(XCOM, E.PROPERTY_IS_READ_ONLY);
    if (msg.objectId !== DATALOG_DIRECTORY && msg.objectId !== DATALOG_FILE) return fail(XCOM, E.OBJECT_ID_NOT_FOUND);
    const card = this.card;
    if (card === undefined) return fail(XCOM, E.FILE_OR_DIR_NOT_PRESENT, 'no SD card');
    switch (msg.propertyId) {
      case SD_START:
        return this.start(card, msg);
      case SD_ACK_CONTINUE:
      case SD_NACK_RETRY: {
        const transfer = this.current;
        if (transfer === undefined || transfer.objectId !== msg.objectId) return fail(XCOM, E.OBJECT_PROPERTY_INVALID, 'no transfer open on this object');
        if (msg.propertyId === SD_ACK_CONTINUE) transfer.offset += DATALOG_BLOCK_SIZE;
        return this.block(card, transfer);
      }
      case SD_ABORT:
        this.current = undefined;
        return ok(XCOM, NO_DATA, SD_FINISH);
      case 0x00:
      case SD_DATABLOCK:
      case SD_FINISH:
        return fail(XCOM, E.OBJECT_PROPERTY_INVALID, 'not a request of the transfer');
      default:
        return fail(XCOM, E.PROPERTY_NOT_SUPPORTED);
    }
  }

  private start(card: SdCard, msg: ScomMessage): Reply {
    this.current = undefined;
    let bytes: Uint8Array;
    if (msg.objectId === DATALOG_DIRECTORY) {
      bytes = ascii(card.names().map((name) => `${name}\n`).join(''));
    } else {
      const name = nameOf(msg.propertyData);
      const file = card.read(name);
      if (file === undefined) return fail(XCOM, E.FILE_OR_DIR_NOT_PRESENT, `no file ${JSON.stringify(name)}`);
      bytes = file;
      // Spec §3.3: bit 4 is reset by the datalog read command.
      card.newFile = false;
    }
    const transfer: Transfer = { objectId: msg.objectId, bytes, offset: 0 };
    this.current = transfer;
    return this.block(card, transfer);
  }

  private block(card: SdCard, transfer: Transfer): Reply {
    const { bytes, offset } = transfer;
    const end = Math.min(offset + DATALOG_BLOCK_SIZE, bytes.length);
    const more = card.finishCarriesData ? end < bytes.length : offset < bytes.length;
    if (more) return ok(XCOM, bytes.subarray(offset, end), SD_DATABLOCK);
    this.current = undefined;
    return ok(XCOM, card.finishCarriesData ? bytes.subarray(offset, end) : NO_DATA, SD_FINISH);
  }
}

function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** The file name of a Start: its bytes up to the first line end or NUL (spec §5.7.2 ends it with 0x0A). */
function nameOf(data: Uint8Array): string {
  let name = '';
  for (const byte of data) {
    if (byte === 0x0a || byte === 0x0d || byte === 0x00) break;
    name += String.fromCharCode(byte);
  }
  return name;
}
