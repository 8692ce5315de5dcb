import { afterEach, describe, expect, it, vi } from 'vitest';
import { MATCH_FIXTURES, phraseSamples } from '../../../test/fixtures/match-wording.js';
import { DAYS } from '../schedule/weekly-time.js';
import { languageLabel } from './labels.js';
import { buildProgramIndex, type MatchResult, matchPrograms } from './match.js';
import type { MatchRequest } from './match-request.js';
import { matchProgramsByScan } from './match-scan.js';
import { MATCH_LANGUAGES, MATCH_WORDING, type MatchPhrases } from './match-wording.js';
import { MOUD, PAYMENTS, POPULATIONS, type Program } from './program.js';
import { describeSlots, describeTimeRange } from './schedule-fit.js';

/** The shape of a wording table: its keys at every depth, and each phrase's number of arguments. */
function shapeOf(value: unknown): unknown {
  if (typeof value === 'function') return `phrase of ${value.length}`;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, shapeOf(inner)]),
    );
  }
  return typeof value;
}

function explain(programs: Program[], request: MatchRequest): MatchResult[] {
  const results = matchPrograms(buildProgramIndex(programs), request);
  expect(results).toEqual(matchProgramsByScan(programs, request));
  return results;
}

const linesOf = (results: readonly MatchResult[]) => results.flatMap((r) => [...r.fit, ...r.conflicts, ...r.notes]);
const wordsOf = (text: string) => (text.toLowerCase().match(/\p{L}+/gu) ?? []) as string[];

/** Words both languages use, and names the tables keep as they are. */
const SHARED_WORDS = new Set(['a', 'no', 'mental', 'medicaid', 'medicare', 'tricare', 'ihs', 'lgbtq']);

describe('the wording tables', () => {
  it('have the same entries in every language', () => {
    const [first, ...others] = MATCH_LANGUAGES.map((language) => shapeOf(MATCH_WORDING[language]));
    for (const other of others) expect(other).toEqual(first);
  });

  it('would catch an entry missing in one language', () => {
    const payments: Record<string, string> = { ...MATCH_WORDING.es.payments };
    delete payments.medicaid;
    expect(shapeOf({ ...MATCH_WORDING.es, payments })).not.toEqual(shapeOf(MATCH_WORDING.en));
    const phrases: Record<string, unknown> = { ...MATCH_WORDING.es.phrases };
    delete phrases.telehealth;
    expect(shapeOf({ ...MATCH_WORDING.es, phrases })).not.toEqual(shapeOf(MATCH_WORDING.en));
  });

  it.each(MATCH_LANGUAGES)('name every day, payment, population and medication in %s', (language) => {
    const wording = MATCH_WORDING[language];
    expect(Object.keys(wording.days)).toEqual([...DAYS]);
    expect(Object.keys(wording.payments).sort()).toEqual([...PAYMENTS].sort());
    expect(Object.keys(wording.populations).sort()).toEqual([...POPULATIONS].sort());
    expect(Object.keys(wording.medications).sort()).toEqual([...MOUD].sort());
    expect(Object.keys(wording.languages)).toEqual(Object.keys(MATCH_WORDING.en.languages));
  });

  it('say every kind of explanation in both languages, each in its own words', () => {
    const en = phraseSamples('en');
    const es = phraseSamples('es');
    expect(es.map((sample) => sample.kind)).toEqual(en.map((sample) => sample.kind));
    expect(new Set(en.map((sample) => sample.kind))).toEqual(
      new Set([...Object.keys(MATCH_WORDING.en.phrases), 'provenance']),
    );
    for (const [index, sample] of es.entries()) {
      expect(sample.text.trim(), sample.kind).not.toBe('');
      expect(sample.text, sample.kind).not.toBe(en[index]?.text);
    }
  });
});

describe('Spanish explanations', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('use no word of the English templates, and the fixtures use every phrase', () => {
    const phrases = MATCH_WORDING.es.phrases;
    const called = (Object.keys(phrases) as Array<keyof MatchPhrases>)
      .filter((key) => typeof phrases[key] === 'function')
      .map((key) => [key, vi.spyOn(phrases, key as 'trackFits')] as const);
    const spanishLines: string[] = [];
    for (const fixture of MATCH_FIXTURES) {
      const english = linesOf(explain(fixture.programs, { ...fixture.request, language: 'en' }));
      const spanish = linesOf(explain(fixture.programs, { ...fixture.request, language: 'es' }));
      expect(spanish.length, fixture.name).toBe(english.length);
      spanishLines.push(...spanish);
      // Program and track names are data: their words may stand in either language.
      const data = new Set(
        fixture.programs.flatMap((program) => [program.name, ...program.tracks.map((t) => t.name)]).flatMap(wordsOf),
      );
      const englishWords = new Set(english.flatMap(wordsOf).filter((w) => !data.has(w) && !SHARED_WORDS.has(w)));
      const leaked = spanish.flatMap((line) => wordsOf(line).filter((word) => englishWords.has(word)));
      expect(leaked, `${fixture.name}: ${spanish.join(' | ')}`).toEqual([]);
      expect(spanish.join(' ')).not.toMatch(/\b(am|pm|mon|wed|thu|sat|miles?|hours?|week|session)\b/i);
    }
    for (const [key, spy] of called) expect(spy.mock.calls.length, `${key} was never used`).toBeGreaterThan(0);
    for (const key of Object.keys(phrases) as Array<keyof MatchPhrases>) {
      const phrase = phrases[key];
      if (typeof phrase === 'string') expect(spanishLines, `${key} was never used`).toContain(phrase);
    }
  });

  it('say a person’s week, place and needs as a Spanish speaker reads them', () => {
    const fixture = MATCH_FIXTURES[2];
    if (!fixture) throw new Error('no needs fixture');
    const [open, plain] = explain(fixture.programs, { ...fixture.request, language: 'es' });
    expect(open?.fit).toEqual([
      'Grupo de la tarde: lunes, miércoles y jueves de 6 de la tarde a 9 de la noche. Va con tu semana (9 horas por semana)',
      'a 1.0 milla',
      'acepta pagos según lo que ganas',
      'puedes seguir con tu buprenorfina',
      'atiende en español',
      'tiene un grupo para mujeres',
      'también trata la salud mental',
      'hay lugar (confirmado el 2 de enero de 2025)',
    ]);
    expect(plain?.conflicts).toEqual(['no dice que trate también la salud mental']);
    expect(plain?.fit).toContain('hay lugar para gente nueva');

    const schedules = explain(MATCH_FIXTURES[0]?.programs ?? [], {
      ...(MATCH_FIXTURES[0]?.request as MatchRequest),
      language: 'es',
    });
    const named = (name: string) => schedules.find((result) => result.program.name === name);
    const [mixed, day, unknown] = [named('Mixed IOP'), named('Day IOP'), named('Unknown IOP')];
    expect(mixed?.fit[0]).toBe('Grupo de la tarde: 2 de 3 sesiones van con tu semana');
    expect(mixed?.conflicts).toEqual([
      'La sesión del sábado, de 10 de la mañana a 12:30 de la tarde, choca con un horario en que no estás libre',
    ]);
    expect(day?.conflicts).toHaveLength(3);
    expect(named('Two-time IOP')?.fit[0]).toBe(
      'Grupo de la tarde: lunes y miércoles de 6 de la tarde a 9 de la noche; viernes de 5 de la tarde a 7:30 de la noche. Va con tu semana (8 horas y 30 minutos por semana)',
    );
    expect(unknown?.notes).toEqual([
      'No tenemos los horarios de las sesiones: pregunta al programa cuándo se reúnen los grupos',
      'No sabemos si hay lugar para gente nueva: llama y pregunta',
    ]);
  });

  it('say times of day, days and languages in Spanish', () => {
    expect(describeTimeRange('18:00', '21:00', 'es')).toBe('de 6 de la tarde a 9 de la noche');
    expect(describeTimeRange('09:00', '12:00', 'es')).toBe('de 9 de la mañana a 12 del mediodía');
    expect(describeTimeRange('19:30', '21:00', 'es')).toBe('de 7:30 a 9 de la noche');
    expect(describeTimeRange('22:00', '24:00', 'es')).toBe('de 10 a 12 de la noche');
    expect(describeTimeRange('04:00', '07:00', 'es')).toBe('de 4 de la madrugada a 7 de la mañana');
    expect(
      describeSlots(
        [
          { day: 'sat', start: '10:00', end: '12:00' },
          { day: 'mon', start: '18:00', end: '21:00' },
          { day: 'wed', start: '18:00', end: '21:00' },
        ],
        'es',
      ),
    ).toBe('lunes y miércoles de 6 de la tarde a 9 de la noche; sábado de 10 de la mañana a 12 del mediodía');
    expect(languageLabel('es', 'es')).toBe('español');
    expect(languageLabel('Spanish', 'es')).toBe('español');
    expect(languageLabel('klingon', 'es')).toBe('klingon');
    expect(languageLabel('constructor', 'es')).toBe('constructor');
    expect(MATCH_WORDING.es.date('2025-12-31')).toBe('31 de diciembre de 2025');
    expect(MATCH_WORDING.es.date('not a date')).toBe('not a date');
  });
});

describe('English explanations', () => {
  it.each(MATCH_FIXTURES.map((fixture) => [fixture.name, fixture] as const))(
    'are the same whether English is asked for or left out: %s',
    (_name, fixture) => {
      const unasked = explain(fixture.programs, fixture.request);
      expect(explain(fixture.programs, { ...fixture.request, language: 'en' })).toEqual(unasked);
    },
  );

  it('read as they always have', () => {
    const fixture = MATCH_FIXTURES[2];
    if (!fixture) throw new Error('no needs fixture');
    const [open] = explain(fixture.programs, fixture.request);
    expect(open?.fit).toEqual([
      'Evening track Mon/Wed/Thu 6-9 pm fits your week (9 hours a week)',
      '1.0 mile',
      'accepts a sliding fee scale',
      'accepts people on buprenorphine',
      'offers services in Spanish',
      'has a program for women',
      'treats mental health alongside substance use',
      'taking new clients (confirmed 2025-01-02)',
    ]);
    const [approximate, far, online] = explain(MATCH_FIXTURES[1]?.programs ?? [], {
      ...(MATCH_FIXTURES[1]?.request as MatchRequest),
    });
    expect(approximate?.fit[0]).toBe('about 2.0 miles (from the ZIP code centre)');
    expect(far?.fit[0]).toBe('offers telehealth (40.0 miles away)');
    expect(online?.fit[0]).toBe('offers telehealth');
    expect(describeTimeRange('11:30', '13:00')).toBe('11:30 am-1 pm');
  });
});

describe('a session that starts in free time and runs past it', () => {
  const fixture = MATCH_FIXTURES.find((candidate) => candidate.name.startsWith('a session that starts in a free'));
  if (!fixture) throw new Error('no runs-past fixture');

  it('says exactly when it ends and which free time it runs past, in English and Spanish', () => {
    const [en] = explain(fixture.programs, fixture.request);
    expect(en?.conflicts).toEqual([
      'Saturday session 9 am-1 pm ends at 1 pm, after your free morning',
      'Sunday session 9 am-1 pm is at a time you are busy',
    ]);
    const [es] = explain(fixture.programs, { ...fixture.request, language: 'es' });
    expect(es?.conflicts).toEqual([
      'La sesión del sábado, de 9 de la mañana a 1 de la tarde, termina a la 1 de la tarde, después de tu mañana libre',
      'La sesión del domingo, de 9 de la mañana a 1 de la tarde, choca con un horario en que no estás libre',
    ]);
  });

  it('names a free stretch by the part of the day it ends with', () => {
    const request = {
      ...fixture.request,
      availability: { slots: [{ day: 'sat' as const, start: '08:00', end: '17:00' }] },
    };
    const program = fixture.programs[0] as Program;
    const late = {
      ...program,
      tracks: [{ name: 'Late', slots: [{ day: 'sat' as const, start: '16:00', end: '18:30' }] }],
    };
    expect(explain([late], request)[0]?.conflicts).toEqual([
      'Saturday session 4-6:30 pm ends at 6:30 pm, after your free afternoon',
    ]);
    const odd = { ...request, availability: { slots: [{ day: 'sat' as const, start: '15:00', end: '16:30' }] } };
    expect(explain([late], odd)[0]?.conflicts).toEqual([
      'Saturday session 4-6:30 pm ends at 6:30 pm, after your free time',
    ]);
  });

  it('says track names in Spanish by when they meet', () => {
    const [es] = explain(fixture.programs, { ...fixture.request, language: 'es' });
    expect(es?.bestTrack?.name).toBe('Grupo del fin de semana');
    expect(
      MATCH_WORDING.es.trackName({ name: 'Evening track', slots: [{ day: 'mon', start: '18:00', end: '21:00' }] }),
    ).toBe('Grupo de la tarde');
    expect(
      MATCH_WORDING.es.trackName({ name: 'Morning track', slots: [{ day: 'tue', start: '09:00', end: '12:00' }] }),
    ).toBe('Grupo de la mañana');
    expect(MATCH_WORDING.en.trackName({ name: 'Evening track', slots: [] })).toBe('Evening track');
  });
});
