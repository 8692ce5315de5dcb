/** Keyset paging at the HTTP edge: a cursor the server did not issue is the caller's mistake. */
import { AppError } from '../../core/errors.js';
import { InvalidCursorError } from '../../storage/clients.js';

/** Runs a paged read; a bad `cursor` becomes a 400 naming the query field. */
export async function withCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new AppError(
        'invalid_input',
        'The cursor is not valid.',
        [{ path: 'cursor', message: error.message }],
        'query',
      );
    }
    throw error;
  }
}
