/** Exit codes of the `stepdown` command (DESIGN.md 4.3). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_INVALID_INPUT = 2;

/** Invalid input or usage: reported as lines on stderr and exit code 2, never a stack trace. */
export class InputError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'InputError';
  }
}
