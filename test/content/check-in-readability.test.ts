/**
 * Reading level of the check-in page's words (content/<language>/check-in.json): English at or
 * below grade 8, Spanish at 70 or above, pooled like ui.json (placeholders left out); both files
 * hold the same keys.
 */
import { describe, expect, it } from 'vitest';
import english from '../../content/en/check-in.json' with { type: 'json' };
import spanish from '../../content/es/check-in.json' with { type: 'json' };
import { LANGUAGES } from '../../src/core/decision-aid/content-schema.js';
import { passes, readingUnits, scoreOf, uiEntries } from './content-text.js';

const FILES = { en: english, es: spanish } as const;

describe.each(LANGUAGES)('reading level of check-in.json in %s', (language) => {
  it('meets the limit in every unit and as a whole', () => {
    const units = readingUnits(uiEntries(FILES[language]), language, 'check-in.json');
    const failing = units
      .map((unit) => ({ unit, score: scoreOf(unit.counts, language) }))
      .filter(({ score }) => !passes(score, language))
      .map(({ unit, score }) => `${score.toFixed(1)} ${unit.name}: ${unit.texts.join(' | ')}`);
    expect(failing).toEqual([]);
  });
});

it('has the same keys in English and Spanish', () => {
  expect(Object.keys(spanish).sort()).toEqual(Object.keys(english).sort());
});
