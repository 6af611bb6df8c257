/**
 * `XcomC`: the protocol's constants, with the names `xcom-proto` users know (`TYPE_FLOAT`,
 * `QSP_VALUE`, …) and the rest of the specification (addresses, services, multi-info,
 * aggregation types, levels, error codes).
 * @module
 */

/**
 * Scom error codes of spec §4.3, by the spec's exact names. `NO_ERROR` and the
 * client-side `STACK_…` codes come from Studer's C library and never appear on the wire.
 */
export const SCOM_ERRORS = {
  /** 0x0000: no error. */
  NO_ERROR: 0x0000,
  /** 0x0001: malformed frame. */
  INVALID_FRAME: 0x0001,
  /** 0x0002: wrong dst_addr field: no device at this address. */
  DEVICE_NOT_FOUND: 0x0002,
  /** 0x0003: no response of the server (the device behind the gateway). */
  RESPONSE_TIMEOUT: 0x0003,
  /** 0x0011: wrong service_id field (or a service this firmware lacks). */
  SERVICE_NOT_SUPPORTED: 0x0011,
  /** 0x0012: wrong service_data. */
  INVALID_SERVICE_ARGUMENT: 0x0012,
  /** 0x0013: gateway busy (for example while saving the datalog). */
  SCOM_ERROR_GATEWAY_BUSY: 0x0013,
  /** 0x0021: the object_type requested doesn't exist. */
  TYPE_NOT_SUPPORTED: 0x0021,
  /** 0x0022: no object with this object_id was found. */
  OBJECT_ID_NOT_FOUND: 0x0022,
  /** 0x0023: the property identified by property_id doesn't exist. */
  PROPERTY_NOT_SUPPORTED: 0x0023,
  /** 0x0024: the field property_data has an invalid number of bytes. */
  INVALID_DATA_LENGTH: 0x0024,
  /** 0x0025: a writing to this property is not allowed. */
  PROPERTY_IS_READ_ONLY: 0x0025,
  /** 0x0026: this value is impossible for this property. */
  INVALID_DATA: 0x0026,
  /** 0x0027: the value is below the minimum limit. */
  DATA_TOO_SMALL: 0x0027,
  /** 0x0028: the value is above the maximum limit. */
  DATA_TOO_BIG: 0x0028,
  /** 0x0029: writing is possible, but failed. */
  WRITE_PROPERTY_FAILED: 0x0029,
  /** 0x002a: reading is possible, but failed. */
  READ_PROPERTY_FAILED: 0x002a,
  /** 0x002b: insufficient user access (or a multicast address of another family). */
  ACCESS_DENIED: 0x002b,
  /** 0x002c: this object id, though existent, is not supported by the gateway. */
  SCOM_ERROR_OBJECT_NOT_SUPPORTED: 0x002c,
  /** 0x002d: read operation is not supported on multicast addresses. */
  SCOM_ERROR_MULTICAST_READ_NOT_SUPPORTED: 0x002d,
  /** 0x002e: during a file transfer, the use of this property was unexpected. */
  OBJECT_PROPERTY_INVALID: 0x002e,
  /** 0x002f: attempt to download a file not present on the SD card. */
  FILE_OR_DIR_NOT_PRESENT: 0x002f,
  /** 0x0030: a read error occurred during the download of a file. */
  FILE_CORRUPTED: 0x0030,
  /** 0x0081: the command line tool received the wrong arguments. */
  INVALID_SHELL_ARG: 0x0081,
  /** 0x0082: serial port not found. */
  STACK_PORT_NOT_FOUND: 0x0082,
  /** 0x0083: serial port initialisation failed. */
  STACK_PORT_INIT_FAILED: 0x0083,
  /** 0x0084: serial port write failed. */
  STACK_PORT_WRITE_FAILED: 0x0084,
  /** 0x0085: serial port read failed. */
  STACK_PORT_READ_FAILED: 0x0085,
  /** 0x0086: buffer too small. */
  STACK_BUFFER_TOO_SMALL: 0x0086,
  /** 0x0087: property header does not match. */
  STACK_PROPERTY_HEADER_DOESNT_MATCH: 0x0087,
} as const;

/** The spec's name of a Scom error code. */
export type ScomErrorName = keyof typeof SCOM_ERRORS;

/** The spec's meaning of each error code (spec §4.3), for error messages. */
const SCOM_ERROR_MEANINGS: Readonly<Record<ScomErrorName, string>> = {
  NO_ERROR: 'no error',
  INVALID_FRAME: 'malformed frame',
  DEVICE_NOT_FOUND: 'wrong dst_addr field: no device at this address',
  RESPONSE_TIMEOUT: 'no response of the server (the device behind the gateway)',
  SERVICE_NOT_SUPPORTED: 'wrong service_id field (or a service this firmware lacks)',
  INVALID_SERVICE_ARGUMENT: 'wrong service_data',
  SCOM_ERROR_GATEWAY_BUSY: 'gateway busy (for example while saving the datalog)',
  TYPE_NOT_SUPPORTED: "the object_type requested doesn't exist",
  OBJECT_ID_NOT_FOUND: 'no object with this object_id was found',
  PROPERTY_NOT_SUPPORTED: "the property identified by property_id doesn't exist",
  INVALID_DATA_LENGTH: 'the field property_data has an invalid number of bytes',
  PROPERTY_IS_READ_ONLY: 'a writing to this property is not allowed',
  INVALID_DATA: 'this value is impossible for this property',
  DATA_TOO_SMALL: 'the value is below the minimum limit',
  DATA_TOO_BIG: 'the value is above the maximum limit',
  WRITE_PROPERTY_FAILED: 'writing is possible, but failed',
  READ_PROPERTY_FAILED: 'reading is possible, but failed',
  ACCESS_DENIED: 'insufficient user access (or a multicast address of another family)',
  SCOM_ERROR_OBJECT_NOT_SUPPORTED: 'this object id, though existent, is not supported by the gateway',
  SCOM_ERROR_MULTICAST_READ_NOT_SUPPORTED: 'read operation is not supported on multicast addresses',
  OBJECT_PROPERTY_INVALID: 'during a file transfer, the use of this property was unexpected',
  FILE_OR_DIR_NOT_PRESENT: 'attempt to download a file not present on the SD card',
  FILE_CORRUPTED: 'a read error occurred during the download of a file',
  INVALID_SHELL_ARG: 'the command line tool received the wrong arguments',
  STACK_PORT_NOT_FOUND: 'serial port not found',
  STACK_PORT_INIT_FAILED: 'serial port initialisation failed',
  STACK_PORT_WRITE_FAILED: 'serial port write failed',
  STACK_PORT_READ_FAILED: 'serial port read failed',
  STACK_BUFFER_TOO_SMALL: 'buffer too small',
  STACK_PROPERTY_HEADER_DOESNT_MATCH: 'property header does not match',
};

const ERROR_NAMES_BY_CODE: ReadonlyMap<number, ScomErrorName> = new Map(
  (Object.entries(SCOM_ERRORS) as [ScomErrorName, number][]).map(([name, code]) => [code, name]),
);

/** The spec's name of a Scom error code, or `UNKNOWN_ERROR_0x…` for a code the spec lacks. */
export function scomErrorName(code: number): string {
  return ERROR_NAMES_BY_CODE.get(code) ?? `UNKNOWN_ERROR_0x${code.toString(16).padStart(4, '0')}`;
}

/** The spec's meaning of a Scom error code, for messages. */
export function scomErrorMeaning(code: number): string {
  const name = ERROR_NAMES_BY_CODE.get(code);
  return name === undefined ? 'unknown error code' : SCOM_ERROR_MEANINGS[name];
}

/**
 * The protocol's constants. Names of the Python package `xcom-proto` are kept
 * (`TYPE_FLOAT`, `QSP_UNSAVED_VALUE`, …); the rest of the spec is added.
 *
 * @example
 * ```ts
 * import { XcomC } from 'xcom-ts';
 * await xcom.setValue(XcomP.BATTERY_CHARGE_CURR, 2, { propertyId: XcomC.QSP_VALUE }); // flash
 * const raw = await xcom.getValueByID(11016, XcomC.TYPE_SHORT_ENUM, { dstAddr: 301 });
 * ```
 */
export const XcomC = {
  // Value formats (spec §4.2.3); xcom-proto names first.
  /** BOOL: 1 byte, 0 or 1. */
  TYPE_BOOL: 'BOOL',
  /** INT32 ("signed int"), as xcom-proto calls it. */
  TYPE_SINT: 'INT32',
  /** INT32: 32-bit signed. */
  TYPE_INT32: 'INT32',
  /** FLOAT: IEEE-754 single precision. */
  TYPE_FLOAT: 'FLOAT',
  /** SHORT_ENUM: 16-bit unsigned enumeration. */
  TYPE_SHORT_ENUM: 'SHORT_ENUM',
  /** LONG_ENUM: 32-bit unsigned enumeration or bit field. */
  TYPE_LONG_ENUM: 'LONG_ENUM',
  /** STRING: ISO-8859-15 characters. */
  TYPE_STRING: 'STRING',
  /** BYTE_STREAM: raw bytes (xcom-proto's name). */
  TYPE_BYTES: 'BYTE_STREAM',
  /** BYTE_STREAM: raw bytes. */
  TYPE_BYTE_STREAM: 'BYTE_STREAM',
  /** FORMAT: 16-bit format code. */
  TYPE_FORMAT: 'FORMAT',
  /** ERROR: 16-bit error code. */
  TYPE_ERROR: 'ERROR',
  /** DYNAMIC: raw bytes whose format depends on the object. */
  TYPE_DYNAMIC: 'DYNAMIC',

  // Object types (spec §4.4–4.9, §6).
  /** Object type 1: user info (read-only live value). */
  TYPE_INFO: 1,
  /** Object type 2: parameter. */
  TYPE_PARAMETER: 2,
  /** Object type 3: message of the Xcom-232i's event log. */
  TYPE_MESSAGE: 3,
  /** Object type 4: GUID of the Xcom-232i. */
  TYPE_GUID: 4,
  /** Object type 5: custom datalog field (write-only string). */
  TYPE_DATALOG: 5,
  /** Object type 10 (0x0A): multi-info, up to 76 user infos in one request. */
  TYPE_MULTI_INFO: 0x0a,
  /** Object type 0x0100: the RCC screen. */
  TYPE_SCREEN: 0x0100,
  /** Object type 0x0101: datalog file transfer. */
  TYPE_DATALOG_TRANSFER: 0x0101,

  // Services (spec §4.1–4.2).
  /** Service 1: READ_PROPERTY. */
  SERVICE_READ: 0x01,
  /** Service 2: WRITE_PROPERTY. */
  SERVICE_WRITE: 0x02,

  // Properties.
  /** Property 0: messages, GUID. */
  QSP_NONE: 0x00,
  /** Property 1: the value of a user info (and of the multi-info and datalog objects). */
  QSP_INFO_VALUE: 0x01,
  /** Property 5: a parameter's value as set on the RCC; writing it writes flash. */
  QSP_VALUE: 0x05,
  /** Property 6: a parameter's minimum. */
  QSP_MIN: 0x06,
  /** Property 7: a parameter's maximum. */
  QSP_MAX: 0x07,
  /** Property 8: a parameter's user level. */
  QSP_LEVEL: 0x08,
  /** Property 13: a parameter's RAM value (not persisted, no flash wear). */
  QSP_UNSAVED_VALUE: 0x0d,

  // Parameter user levels (spec §4.5.2).
  /** Level 0x00: view only. */
  QSP_LEVEL_VIEW_ONLY: 0x00,
  /** Level 0x10: basic. */
  QSP_LEVEL_BASIC: 0x10,
  /** Level 0x20: expert. */
  QSP_LEVEL_EXPERT: 0x20,
  /** Level 0x30: installer. */
  QSP_LEVEL_INSTALLER: 0x30,
  /** Level 0x40: QSP (Studer). */
  QSP_LEVEL_QSP: 0x40,

  // Addresses (spec §3.5).
  /** Address 0: broadcast. */
  ADDR_BROADCAST: 0,
  /** Address 1: the DTE (this client), the conventional source address. */
  ADDR_DTE: 1,
  /** Address 100: all Xtenders (multicast). */
  ADDR_XT_MULTICAST: 100,
  /** Address 101: the first Xtender (its family's master). */
  ADDR_XT_FIRST: 101,
  /** Address 109: the last Xtender. */
  ADDR_XT_LAST: 109,
  /** Address 191: all inverters of phase L1. */
  ADDR_PHASE_L1: 191,
  /** Address 192: all inverters of phase L2. */
  ADDR_PHASE_L2: 192,
  /** Address 193: all inverters of phase L3. */
  ADDR_PHASE_L3: 193,
  /** Address 300: all VarioTracks (multicast). */
  ADDR_VT_MULTICAST: 300,
  /** Address 301: the first VarioTrack. */
  ADDR_VT_FIRST: 301,
  /** Address 315: the last VarioTrack. */
  ADDR_VT_LAST: 315,
  /** Address 501: the Xcom-232i gateway itself. */
  ADDR_XCOM: 501,
  /** Address 600: all BSPs (multicast). */
  ADDR_BSP_MULTICAST: 600,
  /** Address 601: the BSP or the Xcom-CAN BMS. */
  ADDR_BSP: 601,
  /** Address 700: all VarioStrings (multicast). */
  ADDR_VS_MULTICAST: 700,
  /** Address 701: the first VarioString. */
  ADDR_VS_FIRST: 701,
  /** Address 715: the last VarioString. */
  ADDR_VS_LAST: 715,

  // Multi-info aggregation types (spec §4.9).
  /** Aggregation 0x00: the family's master device. */
  AGGREGATION_MASTER: 0x00,
  /** Aggregation 0x01: device 1 (0x01–0x0F are devices 1–15). */
  AGGREGATION_DEVICE_1: 0x01,
  /** Aggregation 0x0F: device 15. */
  AGGREGATION_DEVICE_15: 0x0f,
  /** Aggregation 0xFD: average over every device of the family. */
  AGGREGATION_AVERAGE: 0xfd,
  /** Aggregation 0xFE: sum over every device of the family. */
  AGGREGATION_SUM: 0xfe,
  /** The most items one multi-info request may carry. */
  MULTI_INFO_MAX_ITEMS: 76,

  // Datalog transfer (spec §4.8): object ids, then properties.
  /** File transfer object id 1: the directory list. */
  SD_DIRECTORY: 0x01,
  /** File transfer object id 2: file access. */
  SD_FILE: 0x02,
  /** File transfer property 0x21: start. */
  SD_START: 0x21,
  /** File transfer property 0x22: data block. */
  SD_DATABLOCK: 0x22,
  /** File transfer property 0x23: acknowledge and continue. */
  SD_ACK_CONTINUE: 0x23,
  /** File transfer property 0x24: negative acknowledge, retry. */
  SD_NACK_RETRY: 0x24,
  /** File transfer property 0x25: abort. */
  SD_ABORT: 0x25,
  /** File transfer property 0x26: finish. */
  SD_FINISH: 0x26,

  /** Scom error codes by the spec's names (spec §4.3). */
  ERRORS: SCOM_ERRORS,
} as const;

/** The type of {@link XcomC}. */
export type XcomConstants = typeof XcomC;
