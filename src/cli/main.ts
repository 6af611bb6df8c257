/**
 * The `xcom` executable (the build adds the `#!/usr/bin/env node` line).
 * @module
 */
import { processIo } from './io.js';
import { runCli } from './run.js';

void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
