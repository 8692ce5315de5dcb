import { describe, expect, it } from 'vitest';
import { goalWordsChangedNote, sameGoalWords } from './goal-words.js';

describe('sameGoalWords', () => {
  it('keeps a goal whose case, spacing or punctuation changed', () => {
    expect(sameGoalWords('Call my sponsor every Sunday.', 'call my sponsor  every Sunday')).toBe(true);
    expect(sameGoalWords('Ir a 3 reuniones.', 'ir a 3 reuniones')).toBe(true);
  });

  it('treats changed words as another goal', () => {
    expect(sameGoalWords('Go to three meetings a week.', 'Go to two meetings a week.')).toBe(false);
    expect(sameGoalWords('Keep my job.', 'Find a job.')).toBe(false);
    expect(sameGoalWords('Keep my job.', 'Keep my job and my flat.')).toBe(false);
  });
});

describe('goalWordsChangedNote', () => {
  it('names the earlier words, the version and the note from then', () => {
    const note = goalWordsChangedNote({
      markedOn: 'March 3, 2026',
      earlierText: 'Keep my job.',
      version: 4,
      earlierNote: 'Still there after 6 weeks',
    });
    expect(note).toContain('March 3, 2026');
    expect(note).toContain('“Keep my job.”');
    expect(note).toContain('Version 4');
    expect(note).toContain('Still there after 6 weeks');
    expect(goalWordsChangedNote({ markedOn: 'x', earlierText: 'y', version: 2, earlierNote: null })).not.toContain(
      'note then',
    );
  });
});
