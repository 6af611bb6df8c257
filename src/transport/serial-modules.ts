/**
 * Lazy loading of the optional `serialport` packages, so that UDP and TCP users never load a
 * native addon. The shapes below are the few members xcom-ts uses, declared here so that the
 * published types do not depend on a package that may be absent.
 * @module
 */
import { XcomTransportError } from '../errors.js';

/** The package that provides the serial port itself. */
export const SERIALPORT_PACKAGE = 'serialport';
/** The package that provides the inter-byte timeout parser (the idle detector). */
export const IDLE_PARSER_PACKAGE = '@serialport/parser-inter-byte-timeout';

/** The open options xcom-ts passes to `new SerialPort(…)`. */
export interface SerialOpenOptions {
  /** Device path (`/dev/ttyUSB0`, `COM3`). */
  readonly path: string;
  /** Line speed in bits per second. */
  readonly baudRate: number;
  /** Data bits per character. */
  readonly dataBits: 5 | 6 | 7 | 8;
  /** Parity bit. */
  readonly parity: SerialParity;
  /** Stop bits. */
  readonly stopBits: 1 | 1.5 | 2;
  /** Always false: the transport opens the port itself, to await the result. */
  readonly autoOpen: false;
}

/** Parity settings a serial port accepts. */
export type SerialParity = 'none' | 'even' | 'odd' | 'mark' | 'space';

/** A serial port found on this machine (what `SerialPort.list()` reports per port). */
export interface SerialPortInfo {
  /** Device path. */
  path: string;
  /** USB adapter maker, when known. */
  manufacturer?: string | undefined;
  /** Adapter serial number, when known. */
  serialNumber?: string | undefined;
  /** Plug-and-play id, when known. */
  pnpId?: string | undefined;
  /** USB vendor id, when known. */
  vendorId?: string | undefined;
  /** USB product id, when known. */
  productId?: string | undefined;
}

/** The error `serialport` gives when the device went away under an open port. */
export interface SerialDisconnectError extends Error {
  /** Set by `serialport` when the port closed because the device disappeared. */
  disconnected?: boolean;
}

/** The members of a `SerialPort` stream that xcom-ts uses. */
export interface SerialPortLike extends NodeJS.ReadableStream {
  /** Opens the port (with `autoOpen: false`). */
  open(callback: (error: Error | null) => void): void;
  /** Closes the port. */
  close(callback?: (error: Error | null) => void): void;
  /** Queues bytes for writing. */
  write(data: Uint8Array, callback: (error: Error | null | undefined) => void): boolean;
  /** Whether the port is open. */
  readonly isOpen: boolean;
}

/** The `SerialPort` class. */
export interface SerialPortClass {
  /** Creates a port without opening it. */
  new (options: SerialOpenOptions): SerialPortLike;
  /** Lists the serial ports of the system. */
  list(): Promise<SerialPortInfo[]>;
}

/** The inter-byte timeout parser: a transform stream that emits after `interval` ms of silence. */
export interface IdleParserLike extends NodeJS.ReadWriteStream {
  /** The pending silence timer, cleared on close so that nothing keeps running. */
  intervalID?: ReturnType<typeof setTimeout> | undefined;
}

/** The `InterByteTimeoutParser` class. */
export interface IdleParserClass {
  /** Creates the parser. */
  new (options: { interval: number; maxBufferSize?: number }): IdleParserLike;
}

/** Imports a package by name; `(specifier) => import(specifier)` unless a test injects another. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** The default importer. A variable specifier keeps bundlers from inlining the optional package. */
export const importModule: ModuleImporter = (specifier) => import(specifier);

const INSTALL = `npm install ${SERIALPORT_PACKAGE}@13 ${IDLE_PARSER_PACKAGE}@13`;

async function load(importer: ModuleImporter, specifier: string, member: string): Promise<unknown> {
  let module: unknown;
  try {
    module = await importer(specifier);
  } catch (cause) {
    const missing = isModuleNotFound(cause);
    throw new XcomTransportError(
      'MODULE_MISSING',
      `serial ports need the optional package "${specifier}", which ${missing ? 'is not installed' : 'failed to load'}: ${INSTALL}`,
      { cause },
    );
  }
  const value = typeof module === 'object' && module !== null ? (module as Record<string, unknown>)[member] : undefined;
  if (typeof value !== 'function') {
    throw new XcomTransportError('MODULE_MISSING', `the package "${specifier}" has no ${member} export: ${INSTALL}`);
  }
  return value;
}

function isModuleNotFound(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** Loads the `SerialPort` class, or rejects with `MODULE_MISSING` naming the package. */
export async function loadSerialPort(importer: ModuleImporter = importModule): Promise<SerialPortClass> {
  return (await load(importer, SERIALPORT_PACKAGE, 'SerialPort')) as SerialPortClass;
}

/** Loads the inter-byte timeout parser, or rejects with `MODULE_MISSING` naming the package. */
export async function loadIdleParser(importer: ModuleImporter = importModule): Promise<IdleParserClass> {
  return (await load(importer, IDLE_PARSER_PACKAGE, 'InterByteTimeoutParser')) as IdleParserClass;
}
