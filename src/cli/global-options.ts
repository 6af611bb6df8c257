/**
 * The options every command may take before or after its name (`xcom --port=COM3
 * read_property …`): the connection, the output, and `--help`.
 * @module
 */
import { HELP_OPTION, OUTPUT_OPTIONS } from './args.js';
import { CONNECTION_PARSE } from './connection-options.js';

/** Every global option, for `parseArgs`. */
export const GLOBAL_OPTIONS = { ...CONNECTION_PARSE, ...OUTPUT_OPTIONS, ...HELP_OPTION } as const;

/** The type of {@link GLOBAL_OPTIONS}. */
export type GlobalOptions = typeof GLOBAL_OPTIONS;
