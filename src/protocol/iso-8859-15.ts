/**
 * ISO-8859-15 text, the encoding of Scom STRING values. Node decodes it but has no encoder,
 * and it differs from latin1 in eight places (€ is 0xA4), hence the small table.
 * @module
 */
import { XcomValidationError } from '../errors.js';

/** The eight code points where ISO-8859-15 differs from ISO-8859-1. */
const DIFFERENCES: ReadonlyArray<readonly [byte: number, char: string]> = [
  [0xa4, '€'],
  [0xa6, 'Š'],
  [0xa8, 'š'],
  [0xb4, 'Ž'],
  [0xb8, 'ž'],
  [0xbc, 'Œ'],
  [0xbd, 'œ'],
  [0xbe, 'Ÿ'],
];

const BYTE_OF_SPECIAL: ReadonlyMap<number, number> = new Map(
  DIFFERENCES.map(([byte, char]) => [char.charCodeAt(0), byte]),
);
const CHAR_OF_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const special = DIFFERENCES.find(([b]) => b === byte);
  return special ? special[1] : String.fromCharCode(byte);
});
const REPLACED_LATIN1: ReadonlySet<number> = new Set(DIFFERENCES.map(([byte]) => byte));

/** Encodes `text` to ISO-8859-15; a character outside it throws {@link XcomValidationError}. */
export function encodeIso885915(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let byte: number | undefined;
    if (code < 0x100 && !REPLACED_LATIN1.has(code)) byte = code;
    else byte = BYTE_OF_SPECIAL.get(code);
    if (byte === undefined) {
      const shown = String.fromCodePoint(text.codePointAt(i) ?? code);
      throw new XcomValidationError(
        `character ${JSON.stringify(shown)} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at index ${i} is not in ISO-8859-15`,
        'value',
      );
    }
    out[i] = byte;
  }
  return out;
}

/** Decodes ISO-8859-15 bytes; every byte maps to a character, so this never fails. */
export function decodeIso885915(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += CHAR_OF_BYTE[byte] as string;
  return text;
}

