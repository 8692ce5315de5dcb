import { describe, expect, it } from 'vitest';
import { REFERRAL_STATUSES, REFERRAL_STATUS_WORDS, referralStepText } from './referral.js';

describe('referral words', () => {
  it('names every status in words, never as its code', () => {
    for (const status of REFERRAL_STATUSES) expect(REFERRAL_STATUS_WORDS[status]).not.toMatch(/-/);
  });

  it('says each step as a sentence with its day and note', () => {
    expect(referralStepText('Eastside IOP', { status: 'sent', note: null, effectiveOn: null })).toBe(
      'Referred to Eastside IOP',
    );
    expect(
      referralStepText(
        'Eastside IOP',
        { status: 'first-session-attended', note: 'Came with her sister', effectiveOn: '2026-12-08' },
        () => 'Dec 8',
      ),
    ).toBe('Went to the first session at Eastside IOP on Dec 8: Came with her sister');
    expect(referralStepText('Eastside IOP', { status: 'declined', note: 'No evening places', effectiveOn: null })).toBe(
      'Referral to Eastside IOP declined: No evening places',
    );
  });
});
