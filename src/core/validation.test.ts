/**
 * The words of a limit say what is counted: a note "must be at most 2000 characters", a list "must
 * have at most 3 items"; a number's limit stays a number ("must be at most 4").
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseWith } from './validation.js';

const Schema = z.strictObject({
  note: z.string().min(2).max(5),
  items: z.array(z.string()).min(1).max(2),
  rating: z.int().min(0).max(4),
});

describe('limits in words', () => {
  it('names characters for text and items for lists, and leaves numbers as they are', () => {
    const over = parseWith(Schema, { note: 'too long', items: ['a', 'b', 'c'], rating: 5 });
    expect(over.ok ? [] : over.issues).toEqual([
      { path: 'note', message: 'must be at most 5 characters' },
      { path: 'items', message: 'must have at most 2 items' },
      { path: 'rating', message: 'must be at most 4' },
    ]);
    const under = parseWith(Schema, { note: 'x', items: [], rating: -1 });
    expect(under.ok ? [] : under.issues).toEqual([
      { path: 'note', message: 'must be at least 2 characters' },
      { path: 'items', message: 'must have at least 1 item' },
      { path: 'rating', message: 'must be at least 0' },
    ]);
  });
});
