import { rmSync } from 'node:fs';
import { defineConfig } from 'tsup';

// Clean once here: the two builds below run in parallel, so neither may clean the other's output.
rmSync('dist', { recursive: true, force: true });

const common = {
  target: 'node20',
  platform: 'node',
  sourcemap: false,
  treeshake: true,
  outDir: 'dist',
} as const;

export default defineConfig([
  {
    ...common,
    entry: { index: 'src/index.ts', simulator: 'src/simulator/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: false,
    splitting: true,
  },
  {
    // The `xcom` bin: ESM only; its shebang comes from src/cli/main.ts. Each command is a chunk
    // loaded when it runs (dist/cli/), so that `xcom version` does not parse the catalogue.
    ...common,
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    splitting: true,
    esbuildOptions(options) {
      options.chunkNames = 'cli/[name]-[hash]';
    },
  },
]);
