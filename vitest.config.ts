import { defineConfig } from 'vitest/config';

// Its own config, so Vitest does not inherit the Vite root of the web app.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup/fail-on-console-error.ts'],
  },
});
