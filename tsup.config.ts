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

export default defineConfig([
  {
    // ESM: the library, the simulator and the `xcom` bin share their chunks (the catalogue is
    // shipped once). The bin's shebang comes from src/cli/main.ts; each command is a chunk
    // loaded when it runs, so that `xcom version` does not parse the catalogue.
    ...common,
    entry: { index: 'src/index.ts', simulator: 'src/simulator/index.ts', cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: { entry: { index: 'src/index.ts', simulator: 'src/simulator/index.ts' } },
    esbuildOptions(options) {
      options.chunkNames = 'chunks/[name]-[hash]';
    },
  },
  {
    // CommonJS for `require('xcom-ts')`.
    ...common,
    entry: { index: 'src/index.ts', simulator: 'src/simulator/index.ts' },
    format: ['cjs'],
    dts: true,
  },
]);
