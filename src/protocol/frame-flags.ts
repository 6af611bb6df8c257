/**
 * The frame flags of a response (spec §3.3), as named booleans.
 * @module
 */

/** The frame flags of a response, decoded. Bits 6–7 are reserved (seen set) and ignored. */
export interface FrameFlags {
  /** Bit 0: new messages wait in the Xcom-232i's log (cleared by reading message 0). */
  readonly messagePending: boolean;
  /** Bit 1: the Xcom-232i (re)started; cleared by writing parameter 5104. */
  readonly xcomRestarted: boolean;
  /** Bit 2: an SD card is present. */
  readonly sdCardPresent: boolean;
  /** Bit 3: the SD card is full. */
  readonly sdCardFull: boolean;
  /** Bit 4: a new datalog file is present. */
  readonly newDatalogFile: boolean;
  /** Bit 5: the datalog is supported. */
  readonly datalogSupported: boolean;
}

/** Decodes a frame flags byte. */
export function decodeFrameFlags(flags: number): FrameFlags {
  return {
    messagePending: (flags & 0x01) !== 0,
    xcomRestarted: (flags & 0x02) !== 0,
    sdCardPresent: (flags & 0x04) !== 0,
    sdCardFull: (flags & 0x08) !== 0,
    newDatalogFile: (flags & 0x10) !== 0,
    datalogSupported: (flags & 0x20) !== 0,
  };
}

/** Encodes named frame flags into a byte (the simulator's side); missing flags are 0. */
export function encodeFrameFlags(flags: Partial<FrameFlags>): number {
  return (
    (flags.messagePending ? 0x01 : 0) |
    (flags.xcomRestarted ? 0x02 : 0) |
    (flags.sdCardPresent ? 0x04 : 0) |
    (flags.sdCardFull ? 0x08 : 0) |
    (flags.newDatalogFile ? 0x10 : 0) |
    (flags.datalogSupported ? 0x20 : 0)
  );
}
