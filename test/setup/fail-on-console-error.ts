// Tests fail loudly on the unexpected: a stray console.error or an unhandled rejection is a bug.
import { afterEach, vi } from 'vitest';

const errors: string[] = [];
const original = console.error;

vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
  errors.push(args.map(String).join(' '));
  original(...args);
});

afterEach(() => {
  if (errors.length > 0) {
    const seen = errors.splice(0);
    throw new Error(`console.error was called during the test:\n${seen.join('\n')}`);
  }
});

process.on('unhandledRejection', (reason) => {
  throw reason instanceof Error ? reason : new Error(String(reason));
});
