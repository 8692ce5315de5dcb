import { describe, expect, it } from 'vitest';
import { immediateDanger, SAFETY_NOTES, safetyNoteFor, safetyNotes, talkingPoints } from './situation.js';

describe('safety answers', () => {
  it('raise a note to tell the care team, in question order, and never block', () => {
    expect(safetyNotes({ suicide: 'no', overdose: 'no', withdrawalNow: 'no', heavyUse: 'no' })).toEqual([]);
    expect(safetyNotes({ heavyUse: 'yes', overdose: 'yes', withdrawalNow: 'mild', suicide: 'past' })).toEqual([
      'suicide-past',
      'overdose',
      'withdrawal-mild',
      'heavy-use',
    ]);
    expect(safetyNoteFor('overdose', { overdose: 'yes' })).toBe('overdose');
    expect(safetyNoteFor('overdose', {})).toBeUndefined();
  });

  it('treats only thoughts of ending one’s life right now as immediate danger', () => {
    expect(immediateDanger({ suicide: 'now' })).toBe(true);
    expect(immediateDanger({ suicide: 'past', overdose: 'yes', withdrawalNow: 'strong', heavyUse: 'yes' })).toBe(false);
  });

  it('can raise every note', () => {
    const all = new Set([
      ...safetyNotes({ suicide: 'now', overdose: 'yes', withdrawalNow: 'strong', heavyUse: 'yes' }),
      ...safetyNotes({ suicide: 'past', withdrawalNow: 'mild' }),
    ]);
    expect([...all].sort()).toEqual([...SAFETY_NOTES].sort());
  });

  it('turns a medicine for opioid use into questions about keeping it', () => {
    expect(talkingPoints({ medication: 'opioid' })).toEqual([
      { group: 'medication', points: ['keep-medicine', 'bridge'] },
    ]);
    expect(talkingPoints({ medication: 'none' })).toEqual([{ group: 'medication', points: ['ask-medicine'] }]);
  });
});
