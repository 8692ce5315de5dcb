import { describe, expect, it } from 'vitest';
import {
  countText,
  englishSyllables,
  fernandezHuerta,
  fernandezHuertaBand,
  fernandezHuertaOf,
  fleschKincaidGrade,
  fleschKincaidGradeOf,
  sentenceCount,
  spanishSyllables,
  syllablesOf,
  wordsOf,
} from './readability.js';

describe('englishSyllables', () => {
  // Dictionary syllable counts (Merriam-Webster hyphenation of the spoken word).
  const words: Array<[string, number]> = [
    ['the', 1],
    ['cat', 1],
    ['home', 1],
    ['homes', 1],
    ['used', 1],
    ['helped', 1],
    ['free', 1],
    ['true', 1],
    ['table', 2],
    ['people', 2],
    ['places', 2],
    ['needed', 2],
    ['value', 2],
    ['safely', 2],
    ['useful', 2],
    ['homeless', 2],
    ['doing', 2],
    ['going', 2],
    ['seizures', 2],
    ['question', 2],
    ['social', 2],
    ['schedule', 2],
    ['sober', 2],
    ['program', 2],
    ['family', 3],
    ['alcohol', 3],
    ['medicine', 3],
    ['therapy', 3],
    ['overdose', 3],
    ['sedative', 3],
    ['naloxone', 3],
    ['period', 3],
    ['media', 3],
    ['usual', 3],
    ['continue', 3],
    ['outpatient', 3],
    ['residence', 3],
    ['recovery', 4],
    ['situation', 4],
    ['psychiatric', 4],
    ['residential', 4],
    ['individual', 5],
    ['motivational', 5],
    ['facilitation', 5],
    ['readability', 5],
    ['hospitalization', 6],
    ['benzodiazepines', 6],
  ];

  it.each(words)('%s has %i syllables', (word, count) => {
    expect(englishSyllables(word)).toBe(count);
  });

  it('ignores case and punctuation, and gives every word at least one syllable', () => {
    expect(englishSyllables('Recovery,')).toBe(4);
    expect(englishSyllables('hmm')).toBe(1);
    expect(englishSyllables('')).toBe(0);
  });
});

describe('spanishSyllables', () => {
  // Syllables by the spelling rules (Ortografía de la lengua española, 2010).
  const words: Array<[string, number, string]> = [
    ['casa', 2, 'ca-sa'],
    ['programa', 3, 'pro-gra-ma'],
    ['tratamiento', 4, 'tra-ta-mien-to: "ie" is a diphthong'],
    ['ciudad', 2, 'ciu-dad: two close vowels are a diphthong'],
    ['bueno', 2, 'bue-no'],
    ['poeta', 3, 'po-e-ta: two open vowels are a hiatus'],
    ['aéreo', 4, 'a-é-re-o'],
    ['día', 2, 'dí-a: an accented close vowel breaks the diphthong'],
    ['país', 2, 'pa-ís'],
    ['reúne', 3, 're-ú-ne'],
    ['río', 2, 'rí-o'],
    ['cuídate', 3, 'cuí-da-te: "uí" stays one syllable'],
    ['Uruguay', 3, 'U-ru-guay: a triphthong'],
    ['queso', 2, 'que-so: the "u" of "que" is silent'],
    ['guerra', 2, 'gue-rra'],
    ['guía', 2, 'guí-a'],
    ['pingüino', 3, 'pin-güi-no: "ü" is sounded'],
    ['y', 1, 'the word "y"'],
    ['hay', 1, 'final "y" is a vowel'],
    ['muy', 1, 'muy'],
    ['ayuda', 3, 'a-yu-da: "y" before a vowel is a consonant'],
    ['leyes', 2, 'le-yes'],
    ['ahora', 3, 'a-ho-ra'],
    ['ambulatorio', 5, 'am-bu-la-to-rio'],
    ['hospitalización', 6, 'hos-pi-ta-li-za-ción'],
    ['psiquiátrico', 4, 'psi-quiá-tri-co'],
    ['abstinencia', 4, 'abs-ti-nen-cia'],
    ['benzodiacepinas', 6, 'ben-zo-dia-ce-pi-nas'],
    ['recuperación', 5, 're-cu-pe-ra-ción'],
  ];

  it.each(words)('%s has %i syllables (%s)', (word, count) => {
    expect(spanishSyllables(word)).toBe(count);
  });

  it('ignores case and punctuation', () => {
    expect(spanishSyllables('¿Recuperación?')).toBe(5);
    expect(spanishSyllables('ÁRBOL')).toBe(2);
  });
});

describe('syllablesOf: numbers, abbreviations and hyphenated words read aloud', () => {
  it('reads numbers as number words', () => {
    expect(syllablesOf('9', 'en')).toBe(1); // nine
    expect(syllablesOf('19', 'en')).toBe(2); // nine-teen
    expect(syllablesOf('24', 'en')).toBe(3); // twen-ty-four
    expect(syllablesOf('100', 'en')).toBe(3); // one hun-dred
    expect(syllablesOf('2023', 'en')).toBe(5); // twen-ty twen-ty-three
    expect(syllablesOf('2006', 'en')).toBe(4); // two thou-sand six
    expect(syllablesOf('9', 'es')).toBe(2); // nue-ve
    expect(syllablesOf('16', 'es')).toBe(3); // die-ci-séis
    expect(syllablesOf('35', 'es')).toBe(5); // trein-ta y cin-co
    expect(syllablesOf('100', 'es')).toBe(1); // cien
    expect(syllablesOf('2023', 'es')).toBe(5); // dos mil vein-ti-trés
  });

  it('spells out abbreviations letter by letter', () => {
    expect(syllablesOf('IOP', 'en')).toBe(3);
    expect(syllablesOf('IOPs', 'en')).toBe(3);
    expect(syllablesOf('WHO', 'en')).toBe(5); // dou-ble-u aitch o
    expect(syllablesOf('PHP', 'es')).toBe(4); // pe ha-che pe
  });

  it('adds up the parts of hyphenated words', () => {
    expect(syllablesOf('one-on-one', 'en')).toBe(3);
    expect(syllablesOf('12-step', 'en')).toBe(2);
    expect(syllablesOf('24-hour', 'en')).toBe(4);
  });
});

describe('wordsOf and sentenceCount', () => {
  it('keeps contractions and hyphenated words whole', () => {
    expect(wordsOf("Don't stop: it's a step-down plan.")).toEqual(["Don't", 'stop', "it's", 'a', 'step-down', 'plan']);
  });

  it('reads crisis lines and phone numbers digit by digit, and times and ranges by group', () => {
    expect(wordsOf('Call 988 or 1-800-662-4357')).toEqual(['Call', '9', '8', '8', 'or', ...'18006624357'.split('')]);
    expect(wordsOf('from 6 to 7:30, 24/7')).toEqual(['from', '6', 'to', '7', '30', '24', '7']);
  });

  it('handles Spanish marks and accented letters', () => {
    expect(wordsOf('¿Te sientes a salvo? ¡Sí!')).toEqual(['Te', 'sientes', 'a', 'salvo', 'Sí']);
  });

  it('counts sentences by their end marks, and a text without one as one sentence', () => {
    expect(sentenceCount('One. Two? Three! Four')).toBe(4);
    expect(sentenceCount('Version 1.0.0 is out. It has 9.5 hours.')).toBe(2);
    expect(sentenceCount('¿Tienes trabajo? Sí.')).toBe(2);
    expect(sentenceCount('Not sure')).toBe(1);
    expect(sentenceCount('  ')).toBe(0);
  });

  it('counts each item of a list as a sentence of its own', () => {
    expect(countText(['Yes', 'No', 'Not sure'], 'en')).toEqual({ words: 4, sentences: 3, syllables: 4 });
  });
});

describe('Flesch-Kincaid grade level', () => {
  it('is 0.39 words/sentence + 11.8 syllables/word - 15.59', () => {
    expect(fleschKincaidGradeOf({ words: 100, sentences: 5, syllables: 150 })).toBeCloseTo(9.91, 10);
    expect(fleschKincaidGradeOf({ words: 0, sentences: 0, syllables: 0 })).toBe(0);
  });

  it('scores a hand-counted sentence', () => {
    // 6 words, 1 sentence, 6 syllables: 0.39 * 6 + 11.8 * 1 - 15.59 = -1.45.
    expect(fleschKincaidGrade('The cat sat on the mat.')).toBeCloseTo(-1.45, 10);
    // "You (1) can (1) keep (1) your (1) job (1) and (1) go (1) to (1) group (1) three (1) nights (1)
    // a (1) week (1)." and "It (1) is (1) called (1) an (1) IOP (3)." 18 words, 2 sentences, 20 syllables.
    expect(countText('You can keep your job and go to group three nights a week. It is called an IOP.', 'en')).toEqual({
      words: 18,
      sentences: 2,
      syllables: 20,
    });
  });

  it('puts plain language far below dense clinical prose', () => {
    const plain = 'You go to group three nights a week. You sleep at home. You can keep your job.';
    const dense =
      'Intensive outpatient programming constitutes a therapeutic modality characterized by comprehensive psychosocial interventions administered concurrently with vocational rehabilitation.';
    expect(fleschKincaidGrade(plain)).toBeLessThan(3);
    expect(fleschKincaidGrade(dense)).toBeGreaterThan(16);
  });
});

describe('Fernández-Huerta readability', () => {
  it('is 206.84 - 0.60 x syllables per 100 words - 1.02 x words per sentence', () => {
    expect(fernandezHuertaOf({ words: 100, sentences: 10, syllables: 200 })).toBeCloseTo(76.64, 10);
    expect(fernandezHuertaOf({ words: 0, sentences: 0, syllables: 0 })).toBe(100);
  });

  it('scores a hand-counted sentence', () => {
    // el (1) ni-ño (2) co-me (2) pan (1) con (1) su (1) ma-dre (2): 7 words, 10 syllables, 1 sentence.
    expect(countText('El niño come pan con su madre.', 'es')).toEqual({ words: 7, sentences: 1, syllables: 10 });
    expect(fernandezHuerta('El niño come pan con su madre.')).toBeCloseTo(206.84 - 60 * (10 / 7) - 1.02 * 7, 10);
  });

  it('uses words per sentence, so splitting a long sentence makes the text easier (Law 2011 correction)', () => {
    const long = 'Vas al grupo tres noches por semana y duermes en tu casa y puedes seguir con tu trabajo.';
    const split = 'Vas al grupo tres noches por semana. Duermes en tu casa. Puedes seguir con tu trabajo.';
    expect(fernandezHuerta(split)).toBeGreaterThan(fernandezHuerta(long));
  });

  it('puts plain Spanish far above dense clinical prose', () => {
    const plain = 'Vas al grupo tres noches por semana. Duermes en tu casa. Puedes seguir con tu trabajo.';
    const dense =
      'La programación ambulatoria intensiva constituye una modalidad terapéutica caracterizada por intervenciones psicosociales administradas simultáneamente con rehabilitación vocacional.';
    expect(fernandezHuerta(plain)).toBeGreaterThan(90);
    expect(fernandezHuerta(dense)).toBeLessThan(30);
  });

  it('names the bands of the scale', () => {
    expect(fernandezHuertaBand(95)).toBe('muy fácil');
    expect(fernandezHuertaBand(85)).toBe('fácil');
    expect(fernandezHuertaBand(70)).toBe('bastante fácil');
    expect(fernandezHuertaBand(65)).toBe('normal');
    expect(fernandezHuertaBand(55)).toBe('bastante difícil');
    expect(fernandezHuertaBand(40)).toBe('difícil');
    expect(fernandezHuertaBand(10)).toBe('muy difícil');
  });
});
