/**
 * The client's accounting of disclosures reads at grade 8 or below in English (Flesch-Kincaid) and
 * at 70 or above in Spanish (Fernández-Huerta), as every client-facing text does; both languages
 * have the same parts.
 */
import { describe, expect, it } from 'vitest';
import { fernandezHuerta, fleschKincaidGrade } from '../decision-aid/readability.js';
import { DISCLOSURE_WORDS, disclosureSentences } from './disclosure-words.js';

describe('the words of the accounting of disclosures', () => {
  it('read at grade 8 or below in English', () => {
    expect(fleschKincaidGrade(disclosureSentences('en'))).toBeLessThanOrEqual(8);
  });

  it('read as fairly easy or easier in Spanish', () => {
    expect(fernandezHuerta(disclosureSentences('es'))).toBeGreaterThanOrEqual(70);
  });

  it('have the same parts in both languages', () => {
    expect(Object.keys(DISCLOSURE_WORDS.es.what)).toEqual(Object.keys(DISCLOSURE_WORDS.en.what));
    expect(Object.keys(DISCLOSURE_WORDS.es.how)).toEqual(Object.keys(DISCLOSURE_WORDS.en.how));
    expect(DISCLOSURE_WORDS.es.rights).toHaveLength(DISCLOSURE_WORDS.en.rights.length);
  });
});
