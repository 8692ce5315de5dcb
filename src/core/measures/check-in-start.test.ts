/** The poster's and start page's words: both languages, the same parts, at a plain reading level. */
import { describe, expect, it } from 'vitest';
import { countText, fernandezHuertaOf, fleschKincaidGradeOf } from '../decision-aid/readability.js';
import { CHECK_IN_START_WORDS } from './check-in-start.js';

describe('check-in start words', () => {
  it('have the same parts in English and Spanish, each with the crisis numbers', () => {
    expect(Object.keys(CHECK_IN_START_WORDS.es)).toEqual(Object.keys(CHECK_IN_START_WORDS.en));
    for (const words of Object.values(CHECK_IN_START_WORDS)) {
      expect(words.help).toContain('988');
      expect(words.emergency).toContain('911');
      expect(words.helpline).toContain('1-800-662-4357');
    }
  });

  it('read at grade 8 or below in English and 70 or above in Spanish', () => {
    expect(fleschKincaidGradeOf(countText(Object.values(CHECK_IN_START_WORDS.en), 'en'))).toBeLessThanOrEqual(8);
    expect(fernandezHuertaOf(countText(Object.values(CHECK_IN_START_WORDS.es), 'es'))).toBeGreaterThanOrEqual(70);
  });
});
