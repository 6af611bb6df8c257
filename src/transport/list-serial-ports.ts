/**
 * Finding the serial ports an Xcom-232i may be plugged into.
 * @module
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { importModule, loadSerialPort, type ModuleImporter, type SerialPortInfo } from './serial-modules.js';

/** Options of {@link listSerialPorts}. */
export interface ListSerialPortsOptions {
  /**
   * Imports a package by name (tests make `serialport` fail to load).
   * @internal
   */
  readonly importModule?: ModuleImporter;
  /**
   * The device directory searched by the fallback.
   * @internal
   */
  readonly devDir?: string;
}

// Linux USB adapters, USB CDC devices, on-board UARTs, Raspberry Pi UARTs, macOS.
const DEVICE_NAME = /^(ttyUSB\d+|ttyACM\d+|ttyS\d+|ttyAMA\d+|ttyXRUSB\d+|rfcomm\d+|cu\.usbserial.*|cu\.usbmodem.*)$/;

/**
 * Lists serial ports with `SerialPort.list()`. When that fails — `serialport` is not installed,
 * or `udevadm` (Debian's `udev` package), which it runs on Linux, is missing — it falls back to
 * the device names found in `/dev` (`ttyUSB*`, `ttyACM*`, `ttyS*`, `ttyAMA*`, …), with no
 * adapter details.
 */
export async function listSerialPorts(options: ListSerialPortsOptions = {}): Promise<SerialPortInfo[]> {
  try {
    const SerialPort = await loadSerialPort(options.importModule ?? importModule);
    return await SerialPort.list();
  } catch {
    return globDevices(options.devDir ?? '/dev');
  }
}

async function globDevices(dir: string): Promise<SerialPortInfo[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => DEVICE_NAME.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => ({ path: join(dir, name) }));
}
