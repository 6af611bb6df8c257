import { rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

// Clean once here: the builds below run in parallel, so none may clean another's output.
rmSync('dist', { recursive: true, force: true });

const common = {
  target: 'node20',
  platform: 'node',
  sourcemap: false,
  treeshake: true,
  outDir: 'dist',
  clean: false,
  splitting: true,
} as const;

/** The package's entry points (package.json `exports`), each a source file. */
const entries = { index: 'src/index.ts', protocol: 'src/protocol-entry.ts', simulator: 'src/simulator/index.ts', metrics: 'src/metrics/index.ts', mqtt: 'src/mqtt/index.ts' };

// Whatever an entry exports is a promise: a member marked `@internal` (the reconnecting
// transports' plumbing, test hooks in options) is left out of the shipped declarations.
const dtsCompilerOptions = { stripInternal: true };

export default defineConfig([
  {
    // ESM: the library entries and the `xcom` bin share their chunks (the catalogue is
    // shipped once). The bin's shebang comes from src/cli/main.ts; each command is a chunk
    // loaded when it runs, so that `xcom version` does not parse the catalogue.
    ...common,
    entry: { ...entries, cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: { entry: entries, compilerOptions: dtsCompilerOptions },
    esbuildOptions(options) {
      options.chunkNames = 'chunks/[name]-[hash]';
    },
  },
  {
    // CommonJS for `require('xcom-ts')`.
    ...common,
    entry: entries,
    format: ['cjs'],
    dts: { compilerOptions: dtsCompilerOptions },
  },
]);
