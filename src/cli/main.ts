#!/usr/bin/env node
/**
 * The `xcom` executable. The shebang is here rather than in a build banner so that only this
 * entry carries it, not the chunks the commands are split into.
 * @module
 */
import { processIo } from './process-io.js';
import { runCli } from './run.js';

void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
