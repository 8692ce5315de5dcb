/**
 * One Spanish glossary (content/es/glossary.json) for every client-facing surface: the decision
 * aid's content, its interface words and the program explanations say each idea with the glossary's
 * word and never with a word it avoids; the aid speaks to the reader as tú throughout; and where the
 * reader's gender is unknown, no adjective about the reader takes one gender only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { phraseSamples } from '../fixtures/match-wording.js';
import { CONTENT_DIR, guideEntries, loadGuide, loadUi, uiEntries } from './content-text.js';
import checkIn from '../../content/es/check-in.json' with { type: 'json' };

interface Glossary {
  registers: Record<string, 'tú' | 'usted'>;
  registerNotes?: Record<string, string>;
  terms: Array<{ en: string; es: string; avoid: string[] }>;
}

const glossary = JSON.parse(readFileSync(`${CONTENT_DIR}es/glossary.json`, 'utf8')) as Glossary;

/** Every Spanish string a client reads in the aid, with where it comes from. */
function spanishSurfaces(): Array<{ where: string; text: string }> {
  return [
    ...guideEntries(loadGuide('es')).map((entry) => ({ where: `guide ${entry.path}`, text: entry.text })),
    ...uiEntries(loadUi('es') ?? {}).map((entry) => ({ where: `ui ${entry.path}`, text: entry.text })),
    ...phraseSamples('es').map((sample) => ({ where: `programs ${sample.kind}`, text: sample.text })),
  ];
}

/** The check-in page's words: a client surface of its own, in the usted of the questionnaires it carries. */
const checkInSurfaces = Object.entries(checkIn).map(([key, text]) => ({ where: `check-in ${key}`, text }));

const phrase = (words: string) => new RegExp(`(?<!\\p{L})${words}(?!\\p{L})`, 'iu');

describe('the Spanish glossary', () => {
  const surfaces = spanishSurfaces();

  it('names each term once, with what to avoid', () => {
    const words = glossary.terms.map((term) => term.es);
    expect(new Set(words).size).toBe(words.length);
    expect(glossary.terms.map((term) => term.es)).toEqual(
      expect.arrayContaining(['consumir', 'hogar sobrio', 'espray nasal']),
    );
  });

  it('is what the aid and the program explanations say: each term used, nothing it avoids', () => {
    const all = surfaces.map((surface) => surface.text).join('\n');
    for (const term of glossary.terms) {
      expect(all, term.es).toMatch(phrase(term.es));
      const hits = [...surfaces, ...checkInSurfaces].filter((surface) =>
        term.avoid.some((word) => phrase(word).test(surface.text)),
      );
      expect(
        hits.map((hit) => `${hit.where}: ${hit.text}`),
        `${term.es} instead of ${term.avoid.join(', ')}`,
      ).toEqual([]);
    }
  });

  it('would catch a word the glossary avoids', () => {
    expect(phrase('casa sobria').test('Vives en una casa sobria con otras personas.')).toBe(true);
    expect(phrase('usas drogas').test('Si usas drogas, no lo hagas a solas.')).toBe(true);
  });

  it('speaks to the reader as tú on every surface of the aid', () => {
    expect(glossary.registers.aid).toBe('tú');
    expect(glossary.registers.programs).toBe('tú');
    const usted = /(?<!\p{L})(usted|ustedes)(?!\p{L})/iu;
    expect(surfaces.filter((surface) => usted.test(surface.text)).map((surface) => surface.where)).toEqual([]);
  });

  it('gives the check-in page one register, usted, with the reason written down', () => {
    expect(glossary.registers['check-in']).toBe('usted');
    expect(glossary.registerNotes?.['check-in']).toMatch(/PHQ-9/);
    const tu = /(?<!\p{L})(tú|tu|tus|te|contigo)(?!\p{L})/iu;
    expect(checkInSurfaces.filter((surface) => tu.test(surface.text)).map((surface) => surface.where)).toEqual([]);
  });

  it('asks how sure the reader is without an adjective of one gender', () => {
    // "¿Qué tan seguro estoy?" titled the SURE step, masculine for every reader.
    const aboutMe =
      /(?<!\p{L})(estoy|me siento) (listo|lista|seguro|segura|solo|sola|preparado|preparada|cansado|cansada)(?!\p{L})(?! o )|(?<!\p{L})qué tan (listo|lista|seguro|segura|preparado|preparada) (estoy|me siento)(?!\p{L})/iu;
    expect(aboutMe.test('¿Qué tan seguro estoy?')).toBe(true);
    expect(aboutMe.test('Estoy listo o lista.')).toBe(false);
    const hits = [...surfaces, ...checkInSurfaces].filter((surface) => aboutMe.test(surface.text));
    expect(hits.map((hit) => `${hit.where}: ${hit.text}`)).toEqual([]);
  });

  it('uses inclusive forms where the reader’s gender is unknown', () => {
    const oneGender =
      /(?<!\p{L})(estás|eres|te sientes|sentirte|quedas|quedarte) (listo|lista|seguro|segura|solo|sola|preparado|preparada|confundido|confundida|cansado|cansada)(?!\p{L})(?! o (listo|lista|segura|seguro|sola|solo|preparada|preparado|confundida|confundido|cansada|cansado))/iu;
    const hits = surfaces.filter((surface) => oneGender.test(surface.text));
    expect(hits.map((hit) => `${hit.where}: ${hit.text}`)).toEqual([]);
    expect(oneGender.test('Cuando estás listo, vuelve.')).toBe(true);
    expect(oneGender.test('Cuando estás listo o lista, vuelve.')).toBe(false);
  });
});
