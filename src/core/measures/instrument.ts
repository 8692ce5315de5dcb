/**
 * Instruments as data: each is a FHIR R4 Questionnaire (content/instruments/*.json) with its scoring
 * in SDC style (an ordinalValue on each answer, a calculated total item with its LOINC code) and a
 * few extensions of our own for what FHIR has no element for: the licence and sources, who enters
 * it, severity bands, the reliable change threshold, subscales and safety items. This module reads
 * such a Questionnaire into an `Instrument` that scoring (score.ts) and the screens use.
 */
import { z } from 'zod';
import { formatPath, type FieldIssue, type Parsed } from '../validation.js';

/** Where our own extensions are named (the same placeholder base as the server's FHIR output). */
export const INSTRUMENT_EXTENSION_BASE = 'https://stepdown.invalid/fhir/StructureDefinition';
const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';
const ORDINAL_VALUE = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const MIN_VALUE = 'http://hl7.org/fhir/StructureDefinition/minValue';
const MAX_VALUE = 'http://hl7.org/fhir/StructureDefinition/maxValue';
const ext = (name: string) => `${INSTRUMENT_EXTENSION_BASE}/${name}`;

export type InstrumentLanguage = 'en' | 'es';
/** A text in both languages the client screens offer. */
export interface Bilingual {
  en: string;
  es: string;
}

/**
 * `free`: free to use and embed without permission (PHQ-9, GAD-7, AUDIT-C), the source says why.
 * `stepdown-own`: written for Stepdown, under the project's own licence.
 */
export const INSTRUMENT_LICENCES = ['free', 'stepdown-own'] as const;
export type InstrumentLicence = (typeof INSTRUMENT_LICENCES)[number];
export type Sex = 'female' | 'male';

export interface Coding {
  system: string;
  code: string;
  display: string;
}

export interface AnswerChoice {
  /** The answer's value as sent in `answers` and summed in the total (its ordinalValue). */
  value: number;
  coding: Coding;
  display: Bilingual;
}

export interface InstrumentItem {
  linkId: string;
  /** 1-based position among the items that take an answer: "item 9". */
  number: number;
  text: Bilingual;
  code: Coding | null;
  kind: 'choice' | 'integer';
  /** Empty for integer items. */
  choices: AnswerChoice[];
  min: number;
  max: number;
  /** A required item needs an answer; an optional one may be null (a drug not tested). */
  required: boolean;
  subscale: string | null;
  /** An answer at or above `min` raises a same-day safety alert. */
  safety: { min: number; reason: string } | null;
}

export interface SeverityBand {
  code: string;
  min: number;
  max: number;
  label: Bilingual;
  /** Bands that differ by sex (AUDIT-C); null when they do not. */
  sex: Sex | null;
}

export interface Instrument {
  id: string;
  version: string;
  name: string;
  title: Bilingual;
  licence: InstrumentLicence;
  sources: string[];
  enteredBy: 'client' | 'clinician';
  /** The instrument's panel code (LOINC) where one exists. */
  panel: Coding | null;
  /** The total's code (LOINC) where one exists. */
  totalCode: Coding | null;
  totalText: string | null;
  /** `all`: the sum of every answer; `none`: no total; else the subscale that is the total. */
  totalOf: string;
  /** Which way is better for the total. */
  better: 'lower' | 'higher';
  reliableChange: { points: number; source: string } | null;
  bands: SeverityBand[];
  /** The text shown above the items ("Over the last 2 weeks ..."). */
  lead: Bilingual | null;
  items: InstrumentItem[];
  /** The lowest and highest possible total; null without a total. */
  totalRange: { min: number; max: number } | null;
  /** The Questionnaire as read, for FHIR output. */
  questionnaire: Record<string, unknown>;
}

const Extension: z.ZodType<ExtensionShape> = z.lazy(() =>
  z.looseObject({
    url: z.string(),
    valueCode: z.string().optional(),
    valueString: z.string().optional(),
    valueInteger: z.int().optional(),
    valueDecimal: z.number().optional(),
    _valueString: z.looseObject({ extension: z.array(Extension).optional() }).optional(),
    extension: z.array(Extension).optional(),
  }),
);
interface ExtensionShape {
  url: string;
  valueCode?: string | undefined;
  valueString?: string | undefined;
  valueInteger?: number | undefined;
  valueDecimal?: number | undefined;
  _valueString?: { extension?: ExtensionShape[] | undefined } | undefined;
  extension?: ExtensionShape[] | undefined;
}

const Translated = z.looseObject({ extension: z.array(Extension).optional() });
const CodingShape = z.looseObject({
  system: z.string(),
  code: z.string(),
  display: z.string(),
  _display: Translated.optional(),
  extension: z.array(Extension).optional(),
});
const ItemShape = z.looseObject({
  linkId: z.string().min(1),
  text: z.string().min(1),
  _text: Translated.optional(),
  type: z.enum(['display', 'choice', 'integer']),
  required: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  code: z.array(CodingShape).optional(),
  extension: z.array(Extension).optional(),
  answerOption: z.array(z.looseObject({ valueCoding: CodingShape })).optional(),
});
const QuestionnaireShape = z.looseObject({
  resourceType: z.literal('Questionnaire'),
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  name: z.string().min(1),
  title: z.string().min(1),
  _title: Translated.optional(),
  code: z.array(CodingShape).optional(),
  extension: z.array(Extension),
  item: z.array(ItemShape).min(1),
});

type Issues = FieldIssue[];

function find(extensions: readonly ExtensionShape[] | undefined, name: string): ExtensionShape | undefined {
  return extensions?.find((e) => e.url === ext(name));
}
function findAll(extensions: readonly ExtensionShape[] | undefined, name: string): ExtensionShape[] {
  return extensions?.filter((e) => e.url === ext(name)) ?? [];
}
function part(extension: ExtensionShape, url: string): ExtensionShape | undefined {
  return extension.extension?.find((e) => e.url === url);
}

/** The Spanish of a translated element, or undefined. */
function spanishOf(translated: { extension?: ExtensionShape[] | undefined } | undefined): string | undefined {
  const translation = translated?.extension?.find((e) => e.url === TRANSLATION && part(e, 'lang')?.valueCode === 'es');
  return translation ? part(translation, 'content')?.valueString : undefined;
}

function bilingual(
  en: string,
  translated: { extension?: ExtensionShape[] | undefined } | undefined,
  path: string,
  issues: Issues,
): Bilingual {
  const es = spanishOf(translated);
  if (es === undefined || es === '') issues.push({ path, message: 'needs its Spanish text (a translation extension)' });
  return { en, es: es ?? '' };
}

function codingOf(coding: z.infer<typeof CodingShape> | undefined): Coding | null {
  return coding ? { system: coding.system, code: coding.code, display: coding.display } : null;
}

function readItem(
  item: z.infer<typeof ItemShape>,
  index: number,
  number: number,
  issues: Issues,
): InstrumentItem | undefined {
  const path = `item.${index}`;
  if (item.type === 'display') return undefined;
  const text = bilingual(item.text, item._text, `${path}._text`, issues);
  const safetyExtension = find(item.extension, 'safety-item');
  const safety = safetyExtension
    ? {
        min: part(safetyExtension, 'min')?.valueInteger ?? 1,
        reason: part(safetyExtension, 'reason')?.valueString ?? '',
      }
    : null;
  const base = {
    linkId: item.linkId,
    number,
    text,
    code: codingOf(item.code?.[0]),
    required: item.required ?? false,
    subscale: find(item.extension, 'subscale')?.valueCode ?? null,
    safety,
  };
  if (item.type === 'choice') {
    const options = item.answerOption ?? [];
    if (options.length === 0) issues.push({ path: `${path}.answerOption`, message: 'a choice item needs options' });
    const choices = options.map((option, o): AnswerChoice => {
      const coding = option.valueCoding;
      const value = coding.extension?.find((e) => e.url === ORDINAL_VALUE)?.valueDecimal;
      if (value === undefined || !Number.isInteger(value)) {
        issues.push({ path: `${path}.answerOption.${o}.valueCoding`, message: 'needs a whole-number ordinalValue' });
      }
      return {
        value: value ?? 0,
        coding: { system: coding.system, code: coding.code, display: coding.display },
        display: bilingual(coding.display, coding._display, `${path}.answerOption.${o}.valueCoding._display`, issues),
      };
    });
    const values = choices.map((c) => c.value);
    if (new Set(values).size !== values.length) {
      issues.push({ path: `${path}.answerOption`, message: 'each option needs its own ordinalValue' });
    }
    return {
      ...base,
      kind: 'choice',
      choices,
      min: Math.min(...values, 0),
      max: Math.max(...values, 0),
    };
  }
  const min = item.extension?.find((e) => e.url === MIN_VALUE)?.valueInteger;
  const max = item.extension?.find((e) => e.url === MAX_VALUE)?.valueInteger;
  if (min === undefined || max === undefined || max < min) {
    issues.push({ path: `${path}.extension`, message: 'an integer item needs minValue and maxValue' });
  }
  return { ...base, kind: 'integer', choices: [], min: min ?? 0, max: max ?? 0 };
}

function readBands(extensions: readonly ExtensionShape[], issues: Issues): SeverityBand[] {
  return findAll(extensions, 'severity-band').map((band, index) => {
    const label = part(band, 'label');
    const sex = part(band, 'sex')?.valueCode;
    const read: SeverityBand = {
      code: part(band, 'code')?.valueCode ?? '',
      min: part(band, 'min')?.valueInteger ?? Number.NaN,
      max: part(band, 'max')?.valueInteger ?? Number.NaN,
      label: bilingual(label?.valueString ?? '', label?._valueString, `extension.severity-band.${index}.label`, issues),
      sex: sex === 'female' || sex === 'male' ? sex : null,
    };
    if (read.code === '' || !(read.min <= read.max)) {
      issues.push({ path: `extension.severity-band.${index}`, message: 'a band needs a code, min and max' });
    }
    return read;
  });
}

/** The totals a set of items can reach. */
function rangeOf(items: readonly InstrumentItem[]): { min: number; max: number } {
  return items.reduce((range, item) => ({ min: range.min + item.min, max: range.max + item.max }), { min: 0, max: 0 });
}

/** Checks that the bands of each sex (or of everyone) cover the total range once, without gaps. */
function checkBandsCover(bands: readonly SeverityBand[], range: { min: number; max: number }, issues: Issues): void {
  const groups = new Set(bands.map((band) => band.sex));
  for (const sex of groups) {
    const sorted = bands.filter((band) => band.sex === sex).sort((a, b) => a.min - b.min);
    let next = range.min;
    for (const band of sorted) {
      if (band.min !== next) {
        issues.push({ path: 'extension.severity-band', message: `bands leave a gap or overlap at ${next}` });
        return;
      }
      next = band.max + 1;
    }
    if (next !== range.max + 1) {
      issues.push({ path: 'extension.severity-band', message: `bands end at ${next - 1}, not at ${range.max}` });
    }
  }
}

/**
 * Reads a Questionnaire of content/instruments into an Instrument, or lists every problem by path.
 * Both languages are required on every text a client or clinician reads.
 */
export function compileInstrument(document: unknown): Parsed<Instrument> {
  const shape = QuestionnaireShape.safeParse(document);
  if (!shape.success) {
    return {
      ok: false,
      issues: shape.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    };
  }
  const q = shape.data;
  const issues: Issues = [];
  const licence = find(q.extension, 'instrument-licence')?.valueCode;
  if (!INSTRUMENT_LICENCES.includes(licence as InstrumentLicence)) {
    issues.push({ path: 'extension.instrument-licence', message: `must be one of ${INSTRUMENT_LICENCES.join(', ')}` });
  }
  const sources = findAll(q.extension, 'instrument-source').map((e) => e.valueString ?? '');
  if (sources.length === 0 || sources.some((s) => s === '')) {
    issues.push({ path: 'extension.instrument-source', message: 'needs at least one source' });
  }
  const enteredBy = find(q.extension, 'entered-by')?.valueCode;
  if (enteredBy !== 'client' && enteredBy !== 'clinician') {
    issues.push({ path: 'extension.entered-by', message: 'must be client or clinician' });
  }
  const better = find(q.extension, 'better')?.valueCode;
  if (better !== 'lower' && better !== 'higher')
    issues.push({ path: 'extension.better', message: 'must be lower or higher' });
  const totalOf = find(q.extension, 'total-of')?.valueCode ?? 'all';
  const reliable = find(q.extension, 'reliable-change');
  const reliableChange = reliable
    ? { points: part(reliable, 'points')?.valueInteger ?? 0, source: part(reliable, 'source')?.valueString ?? '' }
    : null;
  if (reliableChange && (reliableChange.points < 1 || reliableChange.source === '')) {
    issues.push({ path: 'extension.reliable-change', message: 'needs points (1 or more) and its source' });
  }

  const items: InstrumentItem[] = [];
  let lead: Bilingual | null = null;
  let totalItem: z.infer<typeof ItemShape> | undefined;
  q.item.forEach((item, index) => {
    if (item.type === 'display') {
      if (items.length === 0) lead = bilingual(item.text, item._text, `item.${index}._text`, issues);
      return;
    }
    if (item.readOnly) {
      totalItem = item;
      return;
    }
    const read = readItem(item, index, items.length + 1, issues);
    if (read) items.push(read);
  });
  if (new Set(items.map((item) => item.linkId)).size !== items.length) {
    issues.push({ path: 'item', message: 'linkIds must differ' });
  }
  const counted = totalOf === 'all' ? items : items.filter((item) => item.subscale === totalOf);
  if (totalOf !== 'none' && counted.length === 0) {
    issues.push({ path: 'extension.total-of', message: `no item belongs to ${totalOf}` });
  }
  const totalRange = totalOf === 'none' ? null : rangeOf(counted);
  const bands = readBands(q.extension, issues);
  if (totalRange && bands.length > 0) checkBandsCover(bands, totalRange, issues);
  const title = bilingual(q.title, q._title, '_title', issues);
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      id: q.id,
      version: q.version,
      name: q.name,
      title,
      licence: licence as InstrumentLicence,
      sources,
      enteredBy: enteredBy as 'client' | 'clinician',
      panel: codingOf(q.code?.[0]),
      totalCode: codingOf(totalItem?.code?.[0]),
      totalText: totalItem?.text ?? null,
      totalOf,
      better: better as 'lower' | 'higher',
      reliableChange,
      bands,
      lead,
      items,
      totalRange,
      questionnaire: document as Record<string, unknown>,
    },
  };
}
