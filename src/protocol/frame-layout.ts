/**
 * The sizes and markers of a frame on the wire (spec §3.2).
 * @module
 */

/** Every frame starts with this byte. */
export const START_BYTE = 0xaa;
/** Start byte + flags + two addresses + data length + header checksum. */
export const HEADER_SIZE = 14;
/** The data checksum after the frame data. */
export const TRAILER_SIZE = 2;
/**
 * The largest `data_length` accepted: a screen reply carries 1034 bytes (spec §6.2.5), more
 * than the 240 that spec §3.2 states, and a 76-item multi-info reply carries 550.
 */
export const MAX_DATA_LENGTH = 1034;
/** The largest whole frame accepted, in bytes. */
export const MAX_FRAME_SIZE = HEADER_SIZE + MAX_DATA_LENGTH + TRAILER_SIZE;
