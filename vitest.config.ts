import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Most tests wait on sockets, timers and child processes rather than compute: on a 2-core
    // machine the default (one worker per core but one) leaves a core idle and doubles CI time.
    maxWorkers: 3,
    // Builds dist/cli.js when it is missing or stale: the CLI tests run the built executable.
    globalSetup: ['test/cli/global-setup.ts'],
    // Kills, and reports, child processes a test file leaves running (test/child-processes.ts).
    setupFiles: ['test/setup/child-processes.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.generated.ts'],
      reporter: ['text-summary', 'json-summary', 'html'],
      // Per layer, a little under what the suite reaches, so that a drop fails CI.
      thresholds: {
        lines: 92,
        branches: 84,
        'src/protocol/**': { lines: 98, branches: 93 },
        'src/catalogue/**': { lines: 95, branches: 89 },
        'src/transport/**': { lines: 94, branches: 84 },
        'src/simulator/**': { lines: 93, branches: 80 },
        'src/client/**': { lines: 92, branches: 85 },
        'src/cli/**': { lines: 93, branches: 82 },
        'src/metrics/**': { lines: 97, branches: 82 },
      },
    },
  },
});
