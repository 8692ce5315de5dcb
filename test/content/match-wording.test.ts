/**
 * Reading level of the program match explanations (src/core/programs/match-wording.ts), which
 * clients read in the decision aid, by the same rules and limits as content/ (content-text.ts):
 * English at or below grade 8, Spanish at 70 or above. The unit is what a reader reads together:
 * the explanations of one program (its fit, conflicts and notes), as the matcher words them for
 * the match fixtures and for one match per payment, population, medication and language label.
 * As in content/, a line of 12 words or more is scored on its own and shorter ones are pooled.
 * Names are left out, as no plainer word can stand for them: program and track names (data), and
 * the names of medicines, languages and payers (buprenorphine, Tagalog, TRICARE). So is the
 * listing's source, a citation, as the content's sources are.
 */
import { describe, expect, it } from 'vitest';
import { buildProgramIndex, matchPrograms } from '../../src/core/programs/match.js';
import { MATCH_LANGUAGES, MATCH_WORDING, type MatchLanguage } from '../../src/core/programs/match-wording.js';
import { labelFixtures, MATCH_FIXTURES } from '../fixtures/match-wording.js';
import { passes, readingUnits, scoreOf, type TextEntry } from './content-text.js';

/** Payers named in the payment labels, kept as they are in every language. */
const PAYER_NAMES = ['Medicaid', 'Medicare', 'TRICARE', 'IHS'];

/** A name wherever it stands as whole words. */
function wholeWords(name: string): RegExp {
  return new RegExp(`(?<!\\p{L})${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'gu');
}

/** Every explanation line of every fixture's matches, one unit per program, with names left out. */
function explanationEntries(language: MatchLanguage): TextEntry[] {
  const wording = MATCH_WORDING[language];
  const vocabularyNames = [...Object.values(wording.medications), ...Object.values(wording.languages), ...PAYER_NAMES];
  return [...MATCH_FIXTURES, ...labelFixtures()].flatMap((fixture) => {
    const names = [
      ...fixture.programs.flatMap((program) => [program.name, ...program.tracks.map((track) => track.name)]),
      ...vocabularyNames,
    ].sort((a, b) => b.length - a.length);
    const withoutNames = (line: string) =>
      names
        .reduce((text, name) => text.replace(wholeWords(name), ' '), line)
        .replace(/\s+/g, ' ')
        .trim();
    return matchPrograms(buildProgramIndex(fixture.programs), { ...fixture.request, language }).flatMap((result) =>
      [...result.fit, ...result.conflicts, ...result.notes].map((line, index) => ({
        path: `${fixture.name} / ${result.program.name} / ${index}`,
        unit: `${fixture.name} / ${result.program.name}`,
        text: withoutNames(line),
      })),
    );
  });
}

describe.each(MATCH_LANGUAGES)('reading level of the match explanations in %s', (language) => {
  const entries = explanationEntries(language);
  const units = readingUnits(entries, language, 'match');

  it('scores the explanations of every fixture', () => {
    expect(entries.length).toBeGreaterThan(150);
    expect(units.length).toBeGreaterThan(20);
  });

  it('has no explanation or program’s explanations beyond the limit', () => {
    const failing = units
      .map((unit) => ({ unit, score: scoreOf(unit.counts, language) }))
      .filter(({ score }) => !passes(score, language))
      .map(({ unit, score }) => `${score.toFixed(1)}  ${unit.name}: ${unit.texts.join(' | ')}`);
    expect(failing).toEqual([]);
  });
});
