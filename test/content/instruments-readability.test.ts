/**
 * Reading level of the instruments a client answers. Our own (licence `stepdown-own`, entered by the
 * client) meet the same limits as the rest of content/: English at or below grade 8, Spanish at 70
 * or above, with the same pooling of short strings. Published instruments (PHQ-9, GAD-7, AUDIT-C)
 * keep their validated wording, which we may not change; their level is printed, not enforced.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/core/decision-aid/content-schema.js';
import { instrumentRegistry } from '../fixtures/instruments.js';
import { passes, readingUnits, scoreOf, type TextEntry } from './content-text.js';

const clientInstruments = instrumentRegistry().all.filter((i) => i.enteredBy === 'client');

function entriesOf(id: string, language: 'en' | 'es'): TextEntry[] {
  const subject = instrumentRegistry().get(id);
  if (!subject) return [];
  const entries: TextEntry[] = [];
  if (subject.lead) entries.push({ path: 'lead', unit: 'items', text: subject.lead[language] });
  for (const item of subject.items) {
    entries.push({ path: `item.${item.linkId}`, unit: 'items', text: item.text[language] });
    for (const choice of item.choices) {
      entries.push({ path: `item.${item.linkId}.${choice.value}`, unit: 'answers', text: choice.display[language] });
    }
  }
  return entries;
}

describe.each(LANGUAGES)('reading level of the instruments in %s', (language) => {
  const own = clientInstruments.filter((i) => i.licence === 'stepdown-own');

  it('covers our own client instruments', () => {
    expect(own.map((i) => i.id)).toEqual(['recovery-check', 'readiness']);
  });

  it.each(own.map((i) => [i.id]))('%s meets the limit in every unit', (id) => {
    const units = readingUnits(entriesOf(id, language), language, `${id}.json`);
    const failing = units
      .map((unit) => ({ unit, score: scoreOf(unit.counts, language) }))
      .filter(({ score }) => !passes(score, language))
      .map(({ unit, score }) => `${score.toFixed(1)} ${unit.name}: ${unit.texts.join(' | ')}`);
    expect(failing).toEqual([]);
  });

  it('prints the level of the published instruments, whose wording is fixed', () => {
    for (const published of clientInstruments.filter((i) => i.licence === 'free')) {
      const units = readingUnits(entriesOf(published.id, language), language, `${published.id}.json`);
      const scores = units.map((unit) => scoreOf(unit.counts, language).toFixed(1));
      console.log(`${published.id} (${language}, published wording): ${scores.join(', ')}`);
      expect(units.length).toBeGreaterThan(0);
    }
  });
});
