/**
 * Loading the decision aid's content and cutting it into the pieces the readability check scores.
 *
 * How strings are grouped for scoring. Readability formulas need running text: one short label
 * ("Yes", "Not sure", "Cost") says nothing on its own, and scored alone a two-word label made of
 * long words fails while a one-word one always passes. So:
 *
 *   1. Every client-facing string of LONG_STRING_WORDS (12) words or more is scored on its own.
 *   2. Shorter strings are pooled with the other short strings of the unit they belong to, and the
 *      pool is scored as one text in which each string counts as (at least) one sentence. The
 *      units are: in guide.json, each option (`options.iop`: its name, hours, short benefits and
 *      downsides, short value lines...), each situation question (`situation.home`: the question,
 *      its help and all its answers), each talking-point group (`talkingPoints.home`), and each
 *      other top-level section (`meta`, `decision`, `facts`, `safety`, `values`, `sure`,
 *      `family`); in ui.json, the keys that share the prefix before the first dot (`app.*`).
 *   3. A pool that still has fewer than LONG_STRING_WORDS words is too small to score; all such
 *      pools of one file are merged into a single "short leftovers" pool, scored as a whole.
 *
 * Not scored, because they are not prose a client reads as text: the language code, the version and
 * dates in `meta`, the ids, the source ids, the bibliographic citations in `sources`, and the SURE
 * attribution (a citation).
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ContentBundleSchema,
  type ContentBundle,
  type Language,
  type UiStrings,
} from '../../src/core/decision-aid/content-schema.js';
import {
  addCounts,
  countText,
  fernandezHuertaOf,
  fleschKincaidGradeOf,
  type TextCounts,
} from '../../src/core/decision-aid/readability.js';

export const CONTENT_DIR = fileURLToPath(new URL('../../content/', import.meta.url));

/** Strings of this many words or more are scored on their own; shorter ones are pooled. */
export const LONG_STRING_WORDS = 12;
/** Highest Flesch-Kincaid grade allowed for English (DESIGN.md principle 6). */
export const MAX_GRADE_EN = 8;
/** Lowest Fernández-Huerta score allowed for Spanish: 70 is "bastante fácil" (fairly easy). */
export const MIN_EASE_ES = 70;

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

export function guidePath(language: Language): string {
  return `${CONTENT_DIR}${language}/guide.json`;
}

export function uiPath(language: Language): string {
  return `${CONTENT_DIR}${language}/ui.json`;
}

/** The raw guide.json of one language, before validation. */
export function readGuide(language: Language): unknown {
  return readJson(guidePath(language));
}

/** The guide of one language, validated against ContentBundleSchema. */
export function loadGuide(language: Language): ContentBundle {
  return ContentBundleSchema.parse(readGuide(language));
}

/**
 * ui.json of one language as a flat object of strings, or null while it does not exist yet. Its
 * shape (UiStringsSchema) belongs to the interface's own tests; here any string value is scored.
 */
export function loadUi(language: Language): UiStrings | null {
  const path = uiPath(language);
  if (!existsSync(path)) return null;
  const raw = readJson(path);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${path} is not a JSON object`);
  return Object.fromEntries(
    Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** One client-facing string: where it is, which unit it is pooled in when short, and its words. */
export interface TextEntry {
  path: string;
  unit: string;
  text: string;
}

/** Keys that hold no client-facing prose, at any depth. */
const NOT_PROSE_KEYS = new Set(['id', 'sources', 'topic', 'language']);
/** Whole paths that hold no client-facing prose. */
const NOT_PROSE_PATHS = new Set(['meta.version', 'meta.published', 'meta.lastReviewed', 'sure.attribution']);
/** Sections whose items are units of their own, pooled by their second path segment. */
const ITEMIZED_SECTIONS = new Set(['options', 'situation', 'talkingPoints']);

/** Every client-facing string of a guide, with its path and unit. */
export function guideEntries(bundle: ContentBundle): TextEntry[] {
  const entries: TextEntry[] = [];
  const walk = (value: unknown, path: string[]): void => {
    const key = path.at(-1) ?? '';
    if (NOT_PROSE_KEYS.has(key) || NOT_PROSE_PATHS.has(path.join('.'))) return;
    if (typeof value === 'string') {
      const [section = '', item = ''] = path;
      const unit = ITEMIZED_SECTIONS.has(section) ? `${section}.${item}` : section;
      entries.push({ path: path.join('.'), unit, text: value });
      return;
    }
    if (Array.isArray(value)) {
      for (const [index, inner] of value.entries()) walk(inner, [...path, String(index)]);
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [inner, child] of Object.entries(value)) walk(child, [...path, inner]);
    }
  };
  // Options are an array; name their unit by option id rather than by position.
  const { options, ...rest } = bundle;
  walk(rest, []);
  for (const option of options) walk(option, ['options', option.id]);
  return entries;
}

/**
 * Every string of a flat ui.json, pooled by the prefix before the first dot of its key. Placeholders
 * such as `{step}` are filled in at run time, so they are left out of the words counted.
 */
export function uiEntries(ui: UiStrings): TextEntry[] {
  return Object.entries(ui).map(([key, text]) => ({
    path: key,
    unit: key.split('.')[0] ?? key,
    text: text
      .replace(/\{[^}]*\}/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  }));
}

/** One scored piece: a long string on its own, or a pool of short strings. */
export interface ReadingUnit {
  name: string;
  texts: string[];
  counts: TextCounts;
}

/** Cuts entries into scored units, by the rule in this file's header. */
export function readingUnits(entries: readonly TextEntry[], language: Language, fileName: string): ReadingUnit[] {
  const units: ReadingUnit[] = [];
  const pools = new Map<string, TextEntry[]>();
  for (const entry of entries) {
    const counts = countText(entry.text, language);
    if (counts.words >= LONG_STRING_WORDS) {
      units.push({ name: `${fileName} ${entry.path}`, texts: [entry.text], counts });
    } else {
      pools.set(entry.unit, [...(pools.get(entry.unit) ?? []), entry]);
    }
  }
  const leftovers: TextEntry[] = [];
  for (const [unit, pooled] of pools) {
    const texts = pooled.map((entry) => entry.text);
    const counts = countText(texts, language);
    if (counts.words >= LONG_STRING_WORDS) {
      units.push({ name: `${fileName} ${unit} (${pooled.length} short strings)`, texts, counts });
    } else {
      leftovers.push(...pooled);
    }
  }
  if (leftovers.length > 0) {
    const texts = leftovers.map((entry) => entry.text);
    units.push({
      name: `${fileName} short leftovers (${leftovers.length} strings)`,
      texts,
      counts: countText(texts, language),
    });
  }
  return units;
}

/** The readability score of counts in a language: FK grade (en, lower is easier) or FH ease (es, higher is easier). */
export function scoreOf(counts: TextCounts, language: Language): number {
  return language === 'en' ? fleschKincaidGradeOf(counts) : fernandezHuertaOf(counts);
}

/** Whether a score meets the language's threshold. */
export function passes(score: number, language: Language): boolean {
  return language === 'en' ? score <= MAX_GRADE_EN : score >= MIN_EASE_ES;
}

/** All the units of a language's content files (guide.json, and ui.json when it exists). */
export function contentUnits(language: Language): ReadingUnit[] {
  const units = readingUnits(guideEntries(loadGuide(language)), language, 'guide.json');
  const ui = loadUi(language);
  if (ui !== null) units.push(...readingUnits(uiEntries(ui), language, 'ui.json'));
  return units;
}

/** The counts of all units together: the reading level of the content as a whole. */
export function overallCounts(units: readonly ReadingUnit[]): TextCounts {
  return addCounts(...units.map((unit) => unit.counts));
}
