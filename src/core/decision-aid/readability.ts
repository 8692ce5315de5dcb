/**
 * Reading level of client-facing text (DESIGN.md principle 6; domain brief 4.6 and REQ-D5): the
 * Flesch-Kincaid grade level for English and the Fernández-Huerta readability index for Spanish.
 * Pure and dependency-free, so the content tests and the browser can both use it.
 *
 * The formulas only count words, sentences and syllables. The syllable counters are heuristics: the
 * Spanish one follows the spelling rules for diphthongs and hiatus closely; the English one is the
 * usual vowel-group count with corrections for silent letters and a short list of exceptions. Both
 * are good enough to rank texts and catch hard ones, not to settle the exact count of every word.
 */

export interface TextCounts {
  words: number;
  sentences: number;
  syllables: number;
}

export type ReadabilityLanguage = 'en' | 'es';

/** A word: letters or digits, with inner apostrophes, hyphens or number separators ("don't", "step-down", "24/7"). */
const WORD = /[\p{L}\p{N}]+(?:['’\-–/.,:][\p{L}\p{N}]+)*/gu;
/** The end of a sentence: terminal punctuation followed by a space, a closing mark or the end of the text. */
const SENTENCE_END = /[.!?…]+["'”’)\]]*(?=\s|$)/gu;

/** Numbers always read digit by digit: the crisis and service lines. */
const READ_AS_DIGITS = new Set(['988', '911', '211', '311', '411', '511', '611', '711', '811']);

/**
 * The words of a text, in order, as they are read aloud: numbers joined by hyphens, slashes or
 * colons ("24/7", "7:30") are one word per group of digits; phone numbers (hyphenated, 7 digits or
 * more) and the crisis lines (988, 911) are read digit by digit, one word per digit.
 */
export function wordsOf(text: string): string[] {
  return (text.match(WORD) ?? []).flatMap((word) => {
    if (!/^\d+(?:[-–/:.,]\d+)*$/.test(word)) return [word];
    const digits = word.replace(/\D/g, '');
    const phone = /[-–]/.test(word) && digits.length >= 7;
    if (phone || READ_AS_DIGITS.has(digits)) return digits.split('');
    return word.split(/[-–/:]/);
  });
}

/** The number of sentences in a text: at least one when it has any word. */
export function sentenceCount(text: string): number {
  if (wordsOf(text).length === 0) return 0;
  const parts = text.split(SENTENCE_END).filter((part) => wordsOf(part).length > 0);
  return Math.max(1, parts.length);
}

// ---------------------------------------------------------------------------------------------
// Numbers and abbreviations, read aloud digit by digit or letter by letter.

/** Syllables of each digit read on its own: zero one two ... nine / cero uno dos ... nueve. */
const DIGIT_SYLLABLES: Record<ReadabilityLanguage, readonly number[]> = {
  en: [2, 1, 1, 1, 1, 1, 1, 2, 1, 1],
  es: [2, 2, 1, 1, 2, 2, 1, 2, 2, 2],
};

/** Syllables of 10 to 19: ten ... nineteen / diez ... diecinueve. */
const TEEN_SYLLABLES: Record<ReadabilityLanguage, readonly number[]> = {
  en: [1, 3, 1, 2, 2, 2, 2, 3, 2, 2],
  es: [1, 2, 2, 2, 3, 2, 3, 4, 4, 4],
};

/** Syllables of the tens, 20 to 90: twenty ... ninety / veinte ... noventa. */
const TENS_SYLLABLES: Record<ReadabilityLanguage, readonly number[]> = {
  en: [0, 0, 2, 2, 2, 2, 2, 3, 2, 2],
  es: [0, 0, 2, 2, 3, 3, 3, 3, 3, 3],
};

/** Syllables of the hundreds, 100 to 900 (Spanish has a word for each: cien, doscientos ...). */
const HUNDREDS_SYLLABLES: Record<ReadabilityLanguage, readonly number[]> = {
  en: [0, 3, 3, 3, 3, 3, 3, 4, 3, 3],
  es: [0, 1, 3, 3, 4, 3, 3, 4, 4, 4],
};

function digitByDigit(digits: string, language: ReadabilityLanguage): number {
  let total = 0;
  for (const char of digits) total += DIGIT_SYLLABLES[language][Number(char)] ?? 1;
  return total;
}

/** Syllables of 0 to 99 read as a number word. */
function belowHundred(n: number, language: ReadabilityLanguage): number {
  if (n < 10) return DIGIT_SYLLABLES[language][n] ?? 1;
  if (n < 20) return TEEN_SYLLABLES[language][n - 10] ?? 2;
  const tens = TENS_SYLLABLES[language][Math.floor(n / 10)] ?? 2;
  const ones = n % 10;
  if (ones === 0) return tens;
  // Spanish: "veintitrés" (one word), "treinta y tres" (with "y").
  if (language === 'es')
    return n < 30 ? tens + (DIGIT_SYLLABLES.es[ones] ?? 1) : tens + 1 + (DIGIT_SYLLABLES.es[ones] ?? 1);
  return tens + (DIGIT_SYLLABLES.en[ones] ?? 1);
}

/** Syllables of 0 to 999 read as a number word. */
function belowThousand(n: number, language: ReadabilityLanguage): number {
  if (n < 100) return belowHundred(n, language);
  const rest = n % 100;
  // "ciento tres": 100 is "cien" alone and "ciento" before more.
  const hundreds =
    Math.floor(n / 100) === 1 && rest > 0 && language === 'es'
      ? 2
      : (HUNDREDS_SYLLABLES[language][Math.floor(n / 100)] ?? 3);
  return hundreds + (rest > 0 ? belowHundred(rest, language) : 0);
}

/**
 * Syllables of a group of digits read aloud. Up to four digits are read as a number word, with
 * English years read in pairs ("twenty twenty-three"); numbers with a leading zero and longer
 * groups are read digit by digit.
 */
function numberSyllables(token: string, language: ReadabilityLanguage): number {
  const digits = token.replace(/\D/g, '');
  if (digits.length === 0) return 1;
  if (digits.length > 4 || (digits.length > 1 && digits.startsWith('0'))) {
    return digitByDigit(digits, language);
  }
  const n = Number(digits);
  if (n < 1000) return belowThousand(n, language);
  const rest = n % 1000;
  if (language === 'en' && ((n >= 1100 && n < 2000) || (n >= 2010 && n < 2100))) {
    const last = n % 100;
    return (
      belowHundred(Math.floor(n / 100), 'en') +
      (last === 0 ? 2 : last < 10 ? 1 + belowHundred(last, 'en') : belowHundred(last, 'en'))
    );
  }
  // "two thousand ..." / "dos mil ...", and "mil" alone for 1000 to 1999 in Spanish.
  const thousands =
    language === 'es'
      ? n < 2000
        ? 1
        : (DIGIT_SYLLABLES.es[Math.floor(n / 1000)] ?? 1) + 1
      : (DIGIT_SYLLABLES.en[Math.floor(n / 1000)] ?? 1) + 2;
  return thousands + (rest > 0 ? belowThousand(rest, language) : 0);
}

/** Letters whose names take more than one syllable when an abbreviation is spelled out. */
const LETTER_SYLLABLES: Record<ReadabilityLanguage, Readonly<Record<string, number>>> = {
  en: { w: 3 },
  // efe, hache, jota, ele, eme, ene, erre, ese, uve, doble uve, equis, zeta
  es: { f: 2, h: 2, j: 2, l: 2, m: 2, n: 2, r: 2, s: 2, v: 2, w: 3, x: 2, z: 2 },
};

/** An abbreviation read letter by letter: two to five capitals ("IOP", "CBT", "NA"). */
function isAbbreviation(token: string): boolean {
  return /^\p{Lu}{2,5}s?$/u.test(token) && token !== token.toLowerCase();
}

function abbreviationSyllables(token: string, language: ReadabilityLanguage): number {
  const letters = token.replace(/s$/, '').toLowerCase();
  let total = 0;
  for (const letter of letters) total += LETTER_SYLLABLES[language][letter] ?? 1;
  return total;
}

// ---------------------------------------------------------------------------------------------
// English syllables.

/** Words the rules below get wrong, with their usual count in American English. */
const ENGLISH_EXCEPTIONS: Readonly<Record<string, number>> = {
  anxiety: 4,
  anyone: 3,
  area: 3,
  areas: 3,
  being: 2,
  business: 2,
  client: 2,
  clients: 2,
  create: 2,
  created: 3,
  diet: 2,
  element: 3,
  elements: 3,
  every: 2,
  everyday: 3,
  everyone: 3,
  everything: 3,
  evening: 2,
  evenings: 2,
  idea: 3,
  ideas: 3,
  lifetime: 2,
  maybe: 2,
  naloxone: 3,
  poem: 2,
  quiet: 2,
  react: 2,
  recipe: 3,
  science: 2,
  society: 4,
  sometimes: 2,
  somewhere: 2,
  statement: 2,
  statements: 2,
  suicidal: 4,
  suicide: 3,
  variety: 4,
  wednesday: 2,
  wednesdays: 2,
};

const EN_VOWELS = 'aeiouy';

/**
 * Syllables in one English word: count groups of vowels, then correct for a silent final "e",
 * "-es" and "-ed" endings that add no syllable, vowel pairs that are read as two ("di-a", "u-al"),
 * and "-ing" after a vowel ("be-ing"). A short list of exceptions covers common misses.
 */
export function englishSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  const exception = ENGLISH_EXCEPTIONS[w];
  if (exception !== undefined) return exception;
  if (w.length <= 3) return 1;
  // "qu" is a consonant sound; "y" before a vowel is a consonant ("you", "beyond").
  const letters = w.replace(/qu/g, 'q').split('');
  const isVowel = (index: number): boolean => {
    const char = letters[index] ?? '';
    if (!EN_VOWELS.includes(char)) return false;
    if (char === 'y') {
      const next = letters[index + 1] ?? '';
      return !(next !== '' && 'aeiou'.includes(next));
    }
    return true;
  };

  const groups: Array<{ start: number; text: string }> = [];
  for (let i = 0; i < letters.length; i += 1) {
    if (!isVowel(i)) continue;
    const start = i;
    while (i + 1 < letters.length && isVowel(i + 1)) i += 1;
    groups.push({ start, text: letters.slice(start, i + 1).join('') });
  }
  let count = groups.length;

  // Vowel pairs read as two syllables (me-di-a, u-su-al, pe-ri-od), except where they make one
  // sound: "-tion", "-cial", "-sion", "-gion", "-xious", "mil-lion", "lan-guage".
  for (const group of groups) {
    const before = letters[group.start - 1] ?? '';
    const after = letters[group.start + group.text.length] ?? '';
    if (/i[ao]/.test(group.text)) {
      const oneSound = 'ctsxg'.includes(before) || (group.text === 'io' && 'ln'.includes(before) && after === 'n');
      if (!oneSound) count += 1;
    } else if (/u[ao]/.test(group.text) && !'qg'.includes(before)) count += 1;
  }

  const last = groups.at(-1);
  const silentEnd = (ending: string): boolean =>
    last !== undefined && last.text === 'e' && w.endsWith(ending) && last.start === w.length - ending.length;
  // A silent final "e" ("home"), but not consonant + "le" ("ta-ble").
  if (silentEnd('e') && !/[^aeiouy]le$/.test(w)) count -= 1;
  // "-es" that adds no syllable ("homes", "types"), but not after s, x, z, ch, sh, c, g ("pla-ces").
  else if (silentEnd('es') && !/(?:[sxzcg]|ch|sh)es$/.test(w)) count -= 1;
  // "-ed" that adds no syllable ("used", "helped"), but not after t or d ("need-ed").
  else if (silentEnd('ed') && !/[td]ed$/.test(w)) count -= 1;
  // Silent "e" before common endings: "safe-ly", "hope-ful", "home-less", "place-ment".
  if (/[^aeiouy]e(?:ly|ful|less|ness|ments?)$/.test(w) && count > 2) count -= 1;
  // "-ing" after a vowel adds a syllable the vowel group hides ("do-ing", "go-ing", "see-ing").
  if (/[aeiou]ing$/.test(w)) count += 1;
  return Math.max(1, count);
}

// ---------------------------------------------------------------------------------------------
// Spanish syllables.

/** Open ("strong") vowels, and close vowels written with an accent, which also break a diphthong. */
const ES_STRONG = 'aeoáéóíú';
const ES_WEAK = 'iuü';

/**
 * Syllables in one Spanish word, by the spelling rules for vowels: two open vowels are a hiatus
 * (po-e-ta); an accented close vowel breaks a diphthong (dí-a, pa-ís, re-ú-ne); a close vowel
 * beside any other vowel without an accent is a diphthong (ciu-dad, bue-no) or a triphthong
 * (U-ru-guay). The "u" of "que, qui, gue, gui" is silent; "y" is a vowel only when no vowel follows
 * it ("hay", "y"), and "h" between vowels is counted as a consonant.
 */
export function spanishSyllables(word: string): number {
  const w = word
    .toLocaleLowerCase('es')
    .replace(/[^a-záéíóúüñ]/g, '')
    .replace(/([qg])u(?=[eéií])/g, '$1');
  if (w.length === 0) return 0;

  const letters = w.split('');
  const kind = (index: number): 'strong' | 'weak' | null => {
    const char = letters[index] ?? '';
    if (ES_STRONG.includes(char)) return 'strong';
    if (ES_WEAK.includes(char)) return 'weak';
    if (char === 'y') {
      const next = letters[index + 1] ?? '';
      const prev = letters[index - 1] ?? '';
      const followedByVowel = next !== '' && (ES_STRONG.includes(next) || ES_WEAK.includes(next));
      // "y" alone or after a vowel at the end ("hay", "muy") is a vowel; elsewhere a consonant.
      return !followedByVowel && (index === 0 || ES_STRONG.includes(prev) || ES_WEAK.includes(prev)) ? 'weak' : null;
    }
    return null;
  };

  let count = 0;
  let previous: 'strong' | 'weak' | null = null;
  for (let i = 0; i < letters.length; i += 1) {
    const current = kind(i);
    if (current === null) {
      previous = null;
      continue;
    }
    // A new vowel group, or two open vowels side by side (a hiatus): a new syllable.
    if (previous === null || (previous === 'strong' && current === 'strong')) count += 1;
    previous = current;
  }
  return Math.max(1, count);
}

// ---------------------------------------------------------------------------------------------
// Counting and the formulas.

/**
 * Syllables in one word of the given language as it is read aloud: the parts of a hyphenated word
 * are added up ("one-on-one", "12-step"), numbers are read as number words, and abbreviations of
 * two to five capitals letter by letter.
 */
export function syllablesOf(word: string, language: ReadabilityLanguage): number {
  const parts = word.split(/[-–/]/).filter((part) => part.length > 0);
  let total = 0;
  for (const part of parts) {
    if (/^\d/.test(part)) total += numberSyllables(part, language);
    else if (isAbbreviation(part)) total += abbreviationSyllables(part, language);
    else total += language === 'en' ? englishSyllables(part) : spanishSyllables(part);
  }
  return Math.max(1, total);
}

/**
 * Words, sentences and syllables. Given a list, each item counts as at least one sentence of its
 * own, so a list of short labels ("Yes", "No", "Not sure") reads as that many one-line sentences.
 */
export function countText(text: string | readonly string[], language: ReadabilityLanguage): TextCounts {
  const items = typeof text === 'string' ? [text] : text;
  const counts: TextCounts = { words: 0, sentences: 0, syllables: 0 };
  for (const item of items) {
    const words = wordsOf(item);
    counts.words += words.length;
    counts.sentences += sentenceCount(item);
    for (const word of words) counts.syllables += syllablesOf(word, language);
  }
  return counts;
}

/** Adds counts together. */
export function addCounts(...all: TextCounts[]): TextCounts {
  return all.reduce(
    (sum, counts) => ({
      words: sum.words + counts.words,
      sentences: sum.sentences + counts.sentences,
      syllables: sum.syllables + counts.syllables,
    }),
    { words: 0, sentences: 0, syllables: 0 },
  );
}

/** Flesch-Kincaid grade level: 0.39 (words/sentences) + 11.8 (syllables/words) - 15.59. */
export function fleschKincaidGradeOf(counts: TextCounts): number {
  if (counts.words === 0 || counts.sentences === 0) return 0;
  return 0.39 * (counts.words / counts.sentences) + 11.8 * (counts.syllables / counts.words) - 15.59;
}

/**
 * Fernández-Huerta (1959) readability: L = 206.84 - 0.60 P - 1.02 F, with P the syllables per 100
 * words and F the average words per sentence. The formula is often printed with F as "sentences
 * per 100 words", which makes shorter sentences score harder; Fernández Huerta adapted Flesch's
 * reading ease, whose second term is words per sentence, and we use that corrected reading
 * (G. Law, "Error in the Fernandez Huerta Readability Formula", LINGUIST List 22.2332, 2011).
 * 90-100 very easy, 80-90 easy, 70-80 fairly easy, 60-70 normal, below 60 hard.
 */
export function fernandezHuertaOf(counts: TextCounts): number {
  if (counts.words === 0 || counts.sentences === 0) return 100;
  return 206.84 - 0.6 * ((100 * counts.syllables) / counts.words) - 1.02 * (counts.words / counts.sentences);
}

/** Flesch-Kincaid grade level of English text (a list: each item is at least one sentence). */
export function fleschKincaidGrade(text: string | readonly string[]): number {
  return fleschKincaidGradeOf(countText(text, 'en'));
}

/** Fernández-Huerta readability of Spanish text (a list: each item is at least one sentence). */
export function fernandezHuerta(text: string | readonly string[]): number {
  return fernandezHuertaOf(countText(text, 'es'));
}

/** The band name of a Fernández-Huerta score, in Spanish as the scale is usually given. */
export function fernandezHuertaBand(score: number): string {
  if (score >= 90) return 'muy fácil';
  if (score >= 80) return 'fácil';
  if (score >= 70) return 'bastante fácil';
  if (score >= 60) return 'normal';
  if (score >= 50) return 'bastante difícil';
  if (score >= 30) return 'difícil';
  return 'muy difícil';
}
