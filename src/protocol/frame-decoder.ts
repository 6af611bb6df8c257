/**
 * An incremental frame decoder: bytes in, whole validated frames out, whatever the chunking,
 * whatever garbage or foreign traffic surrounds the frames.
 * @module
 */
import { checksum } from './checksum.js';
import {
  type Frame,
  frameAt,
  HEADER_SIZE,
  MAX_DATA_LENGTH,
  MAX_FRAME_SIZE,
  readHeaderLength,
  START_BYTE,
  TRAILER_SIZE,
} from './frame.js';

/** What a {@link FrameDecoder} has seen, for diagnostics. Counters only grow. */
export interface FrameDecoderStats {
  /** Whole, valid frames delivered. */
  framesDecoded: number;
  /** Bytes dropped while looking for a frame (garbage, bad frames), CR/LF excluded. */
  bytesSkipped: number;
  /** CR and LF bytes between frames (an Xcom-LAN's Moxa may add them), dropped silently. */
  delimiterBytes: number;
  /** Start bytes whose header checksum was wrong. */
  headerChecksumErrors: number;
  /** Headers with a valid checksum but a `data_length` above the largest frame the spec allows. */
  oversizeLengths: number;
  /** Frames whose data checksum was wrong. */
  dataChecksumErrors: number;
  /** Partial frames that {@link FrameDecoder.idle} dropped because the line went quiet. */
  falseStarts: number;
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Turns a byte stream into validated frames. It skips to 0xAA, checks the header checksum
 * before trusting `data_length`, checks the data checksum, and on any failure drops one
 * byte and scans again, so a corrupted byte anywhere costs at most the frame it hit. It never
 * holds more than one maximal frame ({@link MAX_FRAME_SIZE} bytes).
 *
 * A header that passes its checksum by chance can announce a length longer than what
 * follows; the decoder would then wait for bytes that never come. Call {@link idle} when the
 * line goes quiet: the unfinished frame is dropped and the bytes after its start byte are
 * scanned again, so a real reply hidden behind a false start is recovered.
 *
 * @example
 * ```ts
 * import { connect } from 'node:net';
 *
 * const decoder = new FrameDecoder();
 * const socket = connect(4001, '192.168.1.50');
 * socket.on('data', (chunk: Buffer) => {
 *   for (const frame of decoder.push(chunk)) console.log(frame.srcAddr, frame.data);
 * });
 * // when the line has been quiet for a while:
 * for (const frame of decoder.idle()) console.log(frame.srcAddr, frame.data);
 * ```
 */
export class FrameDecoder {
  private readonly buf = new Uint8Array(MAX_FRAME_SIZE);
  private len = 0;

  /** Counters of what was decoded and dropped. */
  readonly stats: FrameDecoderStats = {
    framesDecoded: 0,
    bytesSkipped: 0,
    delimiterBytes: 0,
    headerChecksumErrors: 0,
    oversizeLengths: 0,
    dataChecksumErrors: 0,
    falseStarts: 0,
  };

  /** Bytes held while waiting for the rest of a frame (never more than one maximal frame). */
  get buffered(): number {
    return this.len;
  }

  /** Feeds a chunk of bytes; returns the frames it completed, in order. */
  push(chunk: Uint8Array): Frame[] {
    const out: Frame[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(MAX_FRAME_SIZE - this.len, chunk.length - offset);
      // The whole chunk as is when it fits (the usual case): a view of a small array would
      // make V8 move it off its heap first.
      this.buf.set(n === chunk.length ? chunk : chunk.subarray(offset, offset + n), this.len);
      this.len += n;
      offset += n;
      this.scan(0, out);
    }
    return out;
  }

  /**
   * Tells the decoder the line went quiet: whatever is still buffered is an unfinished frame
   * (a false start), so it is dropped byte by byte from its start and what follows is scanned
   * again. Returns the frames this recovers.
   */
  idle(): Frame[] {
    const out: Frame[] = [];
    while (this.len > 0) {
      this.stats.falseStarts++;
      this.stats.bytesSkipped++;
      this.scan(1, out);
    }
    return out;
  }

  /** Forgets any buffered bytes (counters are kept). */
  reset(): void {
    this.len = 0;
  }

  private scan(from: number, out: Frame[]): void {
    const buf = this.buf;
    const stats = this.stats;
    const len = this.len;
    let pos = from;
    while (pos < len) {
      const byte = buf[pos];
      if (byte !== START_BYTE) {
        if (byte === CR || byte === LF) stats.delimiterBytes++;
        else stats.bytesSkipped++;
        pos++;
        continue;
      }
      if (len - pos < HEADER_SIZE) break;
      const dataLength = readHeaderLength(buf, pos);
      if (dataLength < 0) {
        stats.headerChecksumErrors++;
        stats.bytesSkipped++;
        pos++;
        continue;
      }
      if (dataLength > MAX_DATA_LENGTH) {
        stats.oversizeLengths++;
        stats.bytesSkipped++;
        pos++;
        continue;
      }
      const total = HEADER_SIZE + dataLength + TRAILER_SIZE;
      if (len - pos < total) break;
      const dataStart = pos + HEADER_SIZE;
      const dataEnd = dataStart + dataLength;
      const expected = (buf[dataEnd] as number) | ((buf[dataEnd + 1] as number) << 8);
      if (checksum(buf, dataStart, dataEnd) !== expected) {
        stats.dataChecksumErrors++;
        stats.bytesSkipped++;
        pos++;
        continue;
      }
      out.push(frameAt(buf, pos, dataLength));
      stats.framesDecoded++;
      pos += total;
    }
    if (pos > 0) {
      buf.copyWithin(0, pos, len);
      this.len = len - pos;
    }
  }
}
