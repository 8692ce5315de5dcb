/**
 * Reading level of every client-facing string in content/ (DESIGN.md principle 6, REQ-D5): English
 * at or below US grade 8 (Flesch-Kincaid), Spanish at 70 or above, "bastante fácil" (Fernández-Huerta).
 * How strings are grouped before scoring is explained at the top of content-text.ts: long strings
 * (12 words or more) alone; shorter ones pooled by the option, question, point group or section they
 * belong to; pools still under 12 words merged into one leftovers pool per file.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../src/core/decision-aid/content-schema.js';
import { countText } from '../../src/core/decision-aid/readability.js';
import {
  contentUnits,
  guideEntries,
  LONG_STRING_WORDS,
  loadGuide,
  loadUi,
  MAX_GRADE_EN,
  MIN_EASE_ES,
  overallCounts,
  passes,
  type ReadingUnit,
  readingUnits,
  scoreOf,
  type TextEntry,
  uiEntries,
} from './content-text.js';

const LIMIT: Record<Language, string> = {
  en: `Flesch-Kincaid grade above ${MAX_GRADE_EN}`,
  es: `Fernández-Huerta below ${MIN_EASE_ES}`,
};

/** The units that fail the language's threshold, worded for the failure message. */
function failures(units: readonly ReadingUnit[], language: Language): string[] {
  return units
    .map((unit) => ({ unit, score: scoreOf(unit.counts, language) }))
    .filter(({ score }) => !passes(score, language))
    .map(({ unit, score }) => `${score.toFixed(1)}  ${unit.name}: ${unit.texts.join(' | ')}`);
}

describe.each(LANGUAGES)('reading level of content/%s', (language) => {
  const units = contentUnits(language);

  it(`guide.json has no string or group of strings with a ${LIMIT[language]}`, () => {
    const guide = units.filter((unit) => unit.name.startsWith('guide.json '));
    expect(guide.length).toBeGreaterThan(100);
    expect(failures(guide, language)).toEqual([]);
  });

  // ui.json belongs to the interface and may not exist yet; when it does, it meets the same limit.
  it(`ui.json, when there is one, has no string or group of strings with a ${LIMIT[language]}`, () => {
    const ui = units.filter((unit) => unit.name.startsWith('ui.json '));
    expect(ui.length > 0).toBe(loadUi(language) !== null);
    expect(failures(ui, language)).toEqual([]);
  });

  it('reads within the limit as a whole', () => {
    expect(passes(scoreOf(overallCounts(units), language), language)).toBe(true);
  });

  it('states its own measured reading level on the About page (update meta.readingScore when the text changes)', () => {
    const meta = loadGuide(language).meta;
    expect(meta.readingLevel).toContain('{grade}');
    expect(meta.readingScore).toBe(Math.round(scoreOf(overallCounts(units), language)));
  });

  it('scores every client-facing string exactly once', () => {
    const entries = guideEntries(loadGuide(language));
    const ui = loadUi(language);
    const all = [...entries, ...(ui === null ? [] : uiEntries(ui))];
    const scored = units.flatMap((unit) => unit.texts);
    expect(scored.length).toBe(all.length);
    expect([...scored].sort()).toEqual(all.map((entry) => entry.text).sort());
  });

  it('scores the prose of every section, and leaves out only ids, dates, sources and the SURE citation', () => {
    const bundle = loadGuide(language);
    const paths = guideEntries(bundle).map((entry) => entry.path);
    for (const section of ['meta', 'decision', 'facts', 'situation', 'talkingPoints', 'safety', 'values', 'sure']) {
      expect(paths.some((path) => path.startsWith(`${section}.`))).toBe(true);
    }
    for (const option of bundle.options) {
      expect(paths.filter((path) => path.startsWith(`options.${option.id}.`)).length).toBeGreaterThan(15);
    }
    expect(paths.some((path) => path.startsWith('family.'))).toBe(true);
    expect(paths).not.toContain('meta.version');
    expect(paths).not.toContain('meta.published');
    expect(paths).not.toContain('sure.attribution');
    expect(
      paths.some((path) => path.startsWith('sources.') || path.endsWith('.id') || path.includes('.sources.')),
    ).toBe(false);
  });
});

describe('how strings are grouped for scoring', () => {
  const entry = (path: string, unit: string, text: string): TextEntry => ({ path, unit, text });

  it('scores a string of 12 words or more on its own', () => {
    const text = 'You can go to group on three evenings a week and still keep your job.';
    expect(countText(text, 'en').words).toBeGreaterThanOrEqual(LONG_STRING_WORDS);
    const units = readingUnits([entry('facts.0.text', 'facts', text)], 'en', 'test.json');
    expect(units).toHaveLength(1);
    expect(units[0]?.name).toBe('test.json facts.0.text');
  });

  it('pools short strings by unit, each string a sentence, and merges pools too small to score', () => {
    const units = readingUnits(
      [
        entry('situation.home.question', 'situation.home', 'Where will you live after treatment?'),
        entry('situation.home.answers.sober', 'situation.home', 'A home where no one drinks or uses drugs'),
        entry('situation.home.answers.no-home', 'situation.home', 'I do not have a stable home'),
        entry('situation.support.answers.yes', 'situation.support', 'Yes'),
        entry('values.cost.label', 'values', 'Cost'),
      ],
      'en',
      'test.json',
    );
    expect(units.map((unit) => [unit.name, unit.counts.sentences])).toEqual([
      ['test.json situation.home (3 short strings)', 3],
      ['test.json short leftovers (2 strings)', 2],
    ]);
  });

  it('fails a hard sentence hidden among easy ones, in either language', () => {
    const hardEn =
      'Intensive outpatient programming constitutes a therapeutic modality characterized by comprehensive psychosocial interventions.';
    const hardEs =
      'La programación ambulatoria intensiva constituye una modalidad terapéutica caracterizada por intervenciones psicosociales integrales.';
    const en = readingUnits(
      [...guideEntries(loadGuide('en')), entry('facts.99.text', 'facts', hardEn)],
      'en',
      'guide.json',
    );
    const es = readingUnits(
      [...guideEntries(loadGuide('es')), entry('facts.99.text', 'facts', hardEs)],
      'es',
      'guide.json',
    );
    expect(failures(en, 'en')).toEqual([expect.stringContaining('guide.json facts.99.text')]);
    expect(failures(es, 'es')).toEqual([expect.stringContaining('guide.json facts.99.text')]);
  });

  it('fails a group of short labels made of long words', () => {
    const labels = [
      'Psychopharmacological stabilization',
      'Comprehensive biopsychosocial evaluation',
      'Interdisciplinary rehabilitation',
      'Individualized pharmacotherapy',
    ];
    const units = readingUnits(
      labels.map((text, index) => entry(`x.${index}`, 'x', text)),
      'en',
      'test.json',
    );
    expect(failures(units, 'en')).toHaveLength(1);
  });

  it('leaves ui.json placeholders out of the words counted', () => {
    expect(uiEntries({ 'app.progress': 'Step {step} of {total}: {name}' })).toEqual([
      { path: 'app.progress', unit: 'app', text: 'Step of :' },
    ]);
  });
});
