/**
 * Reading the bridges' configuration file.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { XcomValidationError } from '../errors.js';
import { type BridgeConfig, parseBridgeConfig } from './bridge-config.js';

/**
 * Reads and checks a bridge configuration file (JSON; see {@link parseBridgeConfig}). A file
 * that cannot be read or parsed, or whose content does not fit, is an
 * {@link XcomValidationError} naming the file (and the field).
 *
 * @example
 * ```ts
 * const config = await readBridgeConfig('xcom-bridge.json');
 * ```
 */
export async function readBridgeConfig(path: string): Promise<BridgeConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new XcomValidationError(`cannot read the configuration file ${path}: ${(error as Error).message}`, 'config', { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new XcomValidationError(`the configuration file ${path} is not JSON: ${(error as Error).message}`, 'config', { cause: error });
  }
  try {
    return parseBridgeConfig(json);
  } catch (error) {
    if (error instanceof XcomValidationError) throw new XcomValidationError(`${path}: ${error.message}`, error.field, { cause: error });
    throw error;
  }
}
