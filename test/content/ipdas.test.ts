/**
 * The decision aid's content held to the International Patient Decision Aid Standards (IPDAS
 * qualifying and certification criteria, domain brief 4.1) and to our own content rules (brief 9.2
 * and 9.4): complete options in a fixed neutral order, benefits and downsides of equal weight,
 * sources for every fact, dates, update policy, funding, conflicts and uncertainty stated, every
 * question, answer and talking point worded, English and Spanish with the same ids, no directive
 * wording, no advice to stop alcohol or sedatives suddenly, and crisis numbers checked recently.
 */
import { describe, expect, it } from 'vitest';
import {
  ContentBundleSchema,
  type ContentBundle,
  FACT_TOPICS,
  LANGUAGES,
  type Language,
  OPTION_IDS,
  VALUE_IDS,
} from '../../src/core/decision-aid/content-schema.js';
import { CRISIS_LAST_VERIFIED, daysSinceCrisisVerified } from '../../src/core/decision-aid/crisis.js';
import { TYPICAL_WEEKS } from '../../src/core/decision-aid/options.js';
import {
  POINT_GROUPS,
  SAFETY_NOTES,
  SITUATION_QUESTIONS,
  safetyNotes,
  TALKING_POINT_IDS,
} from '../../src/core/decision-aid/situation.js';
import { SURE_ITEMS } from '../../src/core/decision-aid/sure.js';
import { sentenceCount, wordsOf } from '../../src/core/decision-aid/readability.js';
import { DIRECTIVE_PHRASES, unsafeWithdrawalAdvice, WITHDRAWAL_LINT } from './content-lint.js';
import { guideEntries, loadGuide, loadUi, readGuide, uiEntries } from './content-text.js';

/** Benefits and downsides of one option: total length of one over the other stays within this range. */
const BALANCE_MIN = 0.75;
const BALANCE_MAX = 1.33;
/** The crisis numbers are re-checked at least this often (REQ-S1); CI warns past it. */
const CRISIS_MAX_DAYS = 90;
/** The guide is reviewed at least this often (its update policy); CI warns past it. */
const REVIEW_MAX_DAYS = 366;

/** Every safety note the logic can raise: the answers that raise them, in two rounds. */
const ALL_SAFETY_NOTES = [
  ...new Set([
    ...safetyNotes({ suicide: 'now', overdose: 'yes', withdrawalNow: 'strong', heavyUse: 'yes' }),
    ...safetyNotes({ suicide: 'past', withdrawalNow: 'mild' }),
  ]),
];

const bundles = Object.fromEntries(LANGUAGES.map((language) => [language, loadGuide(language)])) as Record<
  Language,
  ContentBundle
>;

/** The client-facing strings of a language: the guide, and ui.json when it exists. */
function clientTexts(language: Language): Array<{ path: string; text: string }> {
  const ui = loadUi(language);
  return [
    ...guideEntries(bundles[language]),
    ...(ui === null ? [] : uiEntries(ui).map((entry) => ({ ...entry, path: `ui.${entry.path}` }))),
  ];
}

const sortedKeys = (record: object): string[] => Object.keys(record).sort();
const totalLength = (items: readonly string[]): number => items.reduce((sum, item) => sum + item.length, 0);
const totalWords = (items: readonly string[]): number => items.reduce((sum, item) => sum + wordsOf(item).length, 0);

describe.each(LANGUAGES)('content/%s/guide.json: shape and completeness', (language) => {
  const bundle = bundles[language];

  it('passes ContentBundleSchema and is in its own language', () => {
    const result = ContentBundleSchema.safeParse(readGuide(language));
    expect(result.success ? [] : result.error.issues).toEqual([]);
    expect(bundle.language).toBe(language);
  });

  it('shows the six options in the fixed neutral order, with none marked as preferred', () => {
    expect(bundle.options.map((option) => option.id)).toEqual([...OPTION_IDS]);
  });

  it('describes every option fully: what it is, its hours, home, work and family, a typical week, who it suits, benefits, downsides', () => {
    for (const option of bundle.options) {
      for (const field of [
        'name',
        'summary',
        'hoursPerWeek',
        'livingAtHome',
        'workAndFamily',
        'typicalWeek',
        'whoItSuits',
      ] as const) {
        expect(option[field].trim().length, `${option.id}.${field}`).toBeGreaterThan(0);
      }
      expect(option.benefits.length, `${option.id}.benefits`).toBeGreaterThanOrEqual(2);
      expect(option.downsides.length, `${option.id}.downsides`).toBeGreaterThanOrEqual(2);
      expect(sortedKeys(option.values), `${option.id}.values`).toEqual([...VALUE_IDS].sort());
    }
  });

  it(`gives each option's benefits and downsides equal weight: same count, lengths within ${BALANCE_MIN}-${BALANCE_MAX}`, () => {
    for (const option of bundle.options) {
      expect(option.benefits.length, `${option.id}: number of benefits and downsides`).toBe(option.downsides.length);
      const byLength = totalLength(option.benefits) / totalLength(option.downsides);
      const byWords = totalWords(option.benefits) / totalWords(option.downsides);
      for (const [measure, ratio] of [
        ['characters', byLength],
        ['words', byWords],
      ] as const) {
        expect(ratio, `${option.id}: benefits/downsides by ${measure}`).toBeGreaterThanOrEqual(BALANCE_MIN);
        expect(ratio, `${option.id}: benefits/downsides by ${measure}`).toBeLessThanOrEqual(BALANCE_MAX);
      }
    }
  });

  it('says how every option bears on every value in one neutral sentence', () => {
    for (const option of bundle.options) {
      for (const value of VALUE_IDS) {
        expect(sentenceCount(option.values[value]), `${option.id}.values.${value}`).toBe(1);
      }
    }
  });

  it('covers every fact topic, and every fact and option cites sources that exist', () => {
    expect([...new Set(bundle.facts.map((fact) => fact.topic))].sort()).toEqual([...FACT_TOPICS].sort());
    const known = new Set(Object.keys(bundle.sources));
    for (const item of [
      ...bundle.facts,
      ...bundle.options,
      ...bundle.options.map((option) => ({ ...option.evidence, id: `${option.id}.evidence` })),
    ]) {
      expect(item.sources.length, `${item.id} has sources`).toBeGreaterThan(0);
      for (const id of item.sources) expect(known.has(id), `${item.id} cites unknown source ${id}`).toBe(true);
    }
  });

  it('lists no source that nothing cites, and gives every source a citation and a valid web address if any', () => {
    const cited = new Set(
      [...bundle.facts, ...bundle.options, ...bundle.options.map((option) => option.evidence)].flatMap(
        (item) => item.sources,
      ),
    );
    expect(sortedKeys(bundle.sources)).toEqual([...cited].sort());
    for (const [id, source] of Object.entries(bundle.sources)) {
      expect(source.citation.length, id).toBeGreaterThan(20);
      if (source.url !== undefined) expect(source.url, id).toMatch(/^https?:\/\//);
    }
  });

  it('has fact ids and option source lists without duplicates', () => {
    const ids = bundle.facts.map((fact) => fact.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of [...bundle.facts, ...bundle.options]) {
      expect(new Set(item.sources).size, `${item.id} lists a source twice`).toBe(item.sources.length);
    }
  });

  it('gives every option an evidence statement of the same depth, each with sources and a rating or a plain "no rating"', () => {
    const words = bundle.options.map((option) => wordsOf(option.evidence.text).length);
    const sentences = bundle.options.map((option) => sentenceCount(option.evidence.text));
    // Same depth: no statement more than a third longer than the shortest, and the same number of sentences.
    expect(Math.max(...words) / Math.min(...words), JSON.stringify(words)).toBeLessThanOrEqual(1.34);
    expect(new Set(sentences).size, JSON.stringify(sentences)).toBe(1);
    const rated: Record<Language, RegExp> = {
      en: /\brated the research\b[^.]*\b(high|moderate|low)\b|\bno review rates\b/i,
      es: /\bpruebas[^.]*\bnivel (alto|medio|bajo)\b|\bninguna revisión califica\b/i,
    };
    for (const option of bundle.options) {
      expect(option.evidence.text, option.id).toMatch(rated[language]);
      expect(option.evidence.sources.length, option.id).toBeGreaterThan(0);
    }
    // Where the evidence is about care after residential treatment, the statement says so or says what it lacks.
    const afterRehab = language === 'en' ? /\b(rehab|step down|a stay)\b/i : /\b(centros?|bajar de nivel)\b/i;
    expect(bundle.options.filter((option) => afterRehab.test(option.evidence.text)).length).toBeGreaterThanOrEqual(4);
  });

  it('gives every option questions to ask, the first about keeping one’s medicine', () => {
    const medicine = language === 'en' ? /\bmedicine\b/i : /\bmedicina\b/i;
    const ask: Record<Language, RegExp> = { en: /^Ask: /, es: /^Pregunta: / };
    for (const option of bundle.options) {
      expect(option.ask[0], option.id).toMatch(medicine);
      for (const question of option.ask) expect(question, option.id).toMatch(ask[language]);
    }
  });

  it('explains medicine for addiction and overdose safety, with sources, and points to Decisions in Recovery', () => {
    const text = (topic: string) =>
      bundle.facts
        .filter((fact) => fact.topic === topic)
        .map((fact) => fact.text)
        .join('\n');
    const en = language === 'en';
    for (const name of en
      ? ['buprenorphine', 'methadone', 'naltrexone', 'acamprosate']
      : ['buprenorfina', 'metadona', 'naltrexona', 'acamprosato'])
      expect(text('medication')).toContain(name);
    expect(text('medication')).toMatch(en ? /every option/i : /todas las opciones/i);
    expect(text('medication')).toMatch(en ? /stopping[^.]*risk of overdose/i : /dejar[^.]*riesgo de sobredosis/i);
    expect(text('medication')).toContain('Decisions in Recovery');
    expect(bundle.sources['decisions-in-recovery']?.url).toMatch(/^https:\/\/mat-decisions-in-recovery\.samhsa\.gov/);
    expect(text('overdose')).toMatch(en ? /fentanyl/i : /fentanilo/i);
    expect(text('overdose')).toMatch(en ? /never use alone/i : /nunca consumas a solas/i);
    expect(text('overdose')).toMatch(
      en ? /time without use lowers your tolerance/i : /el tiempo sin consumir baja tu tolerancia/i,
    );
    // Naloxone over the counter since 2023, without a month.
    expect(text('overdose')).toMatch(/\b2023\b/);
    expect(text('overdose')).not.toMatch(/\b(march|marzo)\b/i);
    expect(text('therapies')).toMatch(en ? /stimulants/i : /estimulantes/i);
  });

  it('states its dates, update policy, makers, funding, conflicts, evidence limits, review and that it is not advice', () => {
    const { meta } = bundle;
    expect(meta.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Date.parse(meta.published)).not.toBeNaN();
    expect(Date.parse(meta.lastReviewed)).toBeGreaterThanOrEqual(Date.parse(meta.published));
    for (const field of [
      'updatePolicy',
      'madeBy',
      'funding',
      'conflictsOfInterest',
      'evidenceAndLimits',
      'howReviewed',
      'notAdvice',
    ] as const) {
      expect(meta[field].trim().length, `meta.${field}`).toBeGreaterThan(30);
    }
    // The update policy gives review intervals, including the 90-day check of the crisis numbers.
    expect(meta.updatePolicy).toMatch(/\b12\b/);
    expect(meta.updatePolicy).toMatch(/\b90\b/);
  });

  it('states uncertainty the IPDAS way: results are averages and numbers are a best estimate', () => {
    const markers: Record<Language, RegExp[]> = {
      en: [/average/i, /best estimate/i, /cannot promise|not a promise/i],
      es: [/promedio/i, /mejor cálculo/i, /no pueden decir|no una promesa/i],
    };
    for (const marker of markers[language]) expect(bundle.meta.evidenceAndLimits).toMatch(marker);
  });

  it('words every situation question and every one of its answers, and nothing else', () => {
    expect(sortedKeys(bundle.situation)).toEqual(Object.keys(SITUATION_QUESTIONS).sort());
    for (const [question, answers] of Object.entries(SITUATION_QUESTIONS)) {
      expect(sortedKeys(bundle.situation[question]?.answers ?? {}), question).toEqual([...answers].sort());
    }
  });

  it('words every talking-point group and point, each point as something to ask', () => {
    expect(sortedKeys(bundle.talkingPoints)).toEqual([...POINT_GROUPS].sort());
    const ask: Record<Language, RegExp> = { en: /^Ask: /, es: /^Pregunta: / };
    for (const group of POINT_GROUPS) {
      const content = bundle.talkingPoints[group];
      expect(sortedKeys(content?.points ?? {}), group).toEqual([...TALKING_POINT_IDS[group]].sort());
      for (const [id, text] of Object.entries(content?.points ?? {}))
        expect(text, `${group}.${id}`).toMatch(ask[language]);
    }
  });

  it('headings of talking points point toward things to discuss, never a level or a verdict', () => {
    const levelWords = /\b(IOP|PHP|OP|residential|residencial|outpatient|ambulatori[ao])\b/i;
    for (const group of POINT_GROUPS) expect(bundle.talkingPoints[group]?.heading).not.toMatch(levelWords);
  });

  it('words the help for every safety answer, and what to tell the care team, in plain words', () => {
    expect([...ALL_SAFETY_NOTES].sort()).toEqual([...SAFETY_NOTES].sort());
    expect(sortedKeys(bundle.safety.notes)).toEqual([...SAFETY_NOTES].sort());
    const help = (note: (typeof SAFETY_NOTES)[number]): string => bundle.safety.notes[note]?.help.join('\n') ?? '';
    const en = language === 'en';
    // Immediate danger and thoughts of suicide: 988 (and 911 when in danger now).
    expect(help('suicide-now')).toMatch(/\b988\b/);
    expect(help('suicide-now')).toMatch(/\b911\b/);
    expect(help('suicide-past')).toMatch(/\b988\b/);
    expect(bundle.safety.urgent.title.length).toBeGreaterThan(3);
    // An overdose: lost tolerance, fentanyl, naloxone without a prescription, never alone, medicine.
    expect(help('overdose')).toMatch(
      en ? /time without use lowers your tolerance/i : /el tiempo sin consumir baja tu tolerancia/i,
    );
    expect(help('overdose')).toMatch(en ? /fentanyl/i : /fentanilo/i);
    expect(help('overdose')).toMatch(en ? /naloxone/i : /naloxona/i);
    expect(help('overdose')).toMatch(en ? /never use alone/i : /nunca consumas a solas/i);
    // Heavy use: never stop all at once alone; withdrawal: medical care.
    expect(help('heavy-use')).toMatch(en ? /do not stop[^.]*all at once/i : /no dejes[^.]*de golpe/i);
    expect(help('heavy-use')).toMatch(WITHDRAWAL_LINT[language].harm);
    expect(help('withdrawal-strong')).toMatch(/\b911\b/);
    // Help fits its answer: "do not stop alcohol" is not told to someone who overdosed.
    expect(help('overdose')).not.toMatch(en ? /alcohol/i : /alcohol/i);
    for (const note of SAFETY_NOTES) {
      const words = bundle.safety.notes[note];
      expect(words?.tellCareTeam, note).toMatch(
        en ? /^(I|In the last)\b/ : /^(Ahora mismo|En l[oa]s últim[oa]s|Tuve)\b/,
      );
    }
  });

  it('anchors the safety questions in time and leaves out medicine taken as prescribed', () => {
    const { suicide, overdose, withdrawalNow, heavyUse } = bundle.situation;
    const anchored =
      language === 'en'
        ? /\bin the last \d+ (days|weeks|months)\b/i
        : /\ben l[oa]s últim[oa]s \d+ (días|semanas|meses)\b/i;
    for (const words of [suicide, overdose, withdrawalNow, heavyUse]) expect(words?.question).toMatch(anchored);
    expect(heavyUse?.help).toMatch(
      language === 'en' ? /do not count medicine[^.]*prescribed/i : /no cuentes la medicina[^.]*recetó/i,
    );
  });

  it('words every value, every SURE item and the family page', () => {
    expect(sortedKeys(bundle.values)).toEqual([...VALUE_IDS].sort());
    expect(sortedKeys(bundle.sure.items)).toEqual([...SURE_ITEMS].sort());
    expect(bundle.sure.attribution).toMatch(/Légaré/);
    expect(bundle.sure.attribution).toMatch(/2010/);
    expect(bundle.family.points.length).toBeGreaterThanOrEqual(3);
  });

  it('describes the typical weeks of IOP and PHP with the hours the week grid shows', () => {
    const hours = (id: 'iop' | 'php'): number =>
      TYPICAL_WEEKS[id].week.slots.reduce((sum, slot) => {
        const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
        return sum + (minutes(slot.end) - minutes(slot.start)) / 60;
      }, 0);
    for (const id of ['iop', 'php'] as const) {
      const option = bundle.options.find((candidate) => candidate.id === id);
      expect(option?.typicalWeek).toMatch(new RegExp(`\\b${hours(id)} (hours|horas)\\b`));
    }
  });
});

describe('English and Spanish have the same structure and ids everywhere', () => {
  /** The bundle with every piece of prose replaced by a placeholder: what must match across languages. */
  function skeleton(bundle: ContentBundle): unknown {
    const prose = new Set(guideEntries(bundle).map((entry) => entry.path));
    prose.add('sure.attribution');
    // The measured reading score differs by language and formula by design.
    prose.add('meta.readingScore');
    const walk = (value: unknown, path: string[]): unknown => {
      if (typeof value === 'string' || typeof value === 'number') return prose.has(path.join('.')) ? 'text' : value;
      if (Array.isArray(value)) return value.map((inner, index) => walk(inner, [...path, String(index)]));
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value)
            .filter(([key]) => key !== 'citation')
            .map(([key, inner]) => [key, walk(inner, [...path, key])]),
        );
      }
      return value;
    };
    // The language code differs by design; options are keyed by id rather than by position.
    const { options, ...rest } = bundle;
    return {
      ...(walk({ ...rest, language: 'xx' }, []) as object),
      options: options.map((option) => walk(option, ['options', option.id])),
    };
  }

  it('same option ids, fact ids and topics, source ids and addresses, question, answer, point, value and red-flag ids', () => {
    expect(skeleton(bundles.es)).toEqual(skeleton(bundles.en));
  });

  it('same version and dates', () => {
    expect(bundles.es.meta.version).toBe(bundles.en.meta.version);
    expect(bundles.es.meta.published).toBe(bundles.en.meta.published);
    expect(bundles.es.meta.lastReviewed).toBe(bundles.en.meta.lastReviewed);
  });

  it('same ui.json keys, when both exist', () => {
    const en = loadUi('en');
    const es = loadUi('es');
    if (en !== null && es !== null) expect(sortedKeys(es)).toEqual(sortedKeys(en));
    else expect(en === null && es === null).toBe(true);
  });
});

describe.each(LANGUAGES)('content/%s: neutral and safe wording', (language) => {
  it('never tells the person which option to choose or ranks an option', () => {
    const hits = clientTexts(language).flatMap(({ path, text }) =>
      DIRECTIVE_PHRASES[language].filter((pattern) => pattern.test(text)).map((pattern) => `${path}: ${pattern}`),
    );
    expect(hits).toEqual([]);
  });

  it('never advises stopping alcohol or sedative pills suddenly without medical help (REQ-S4)', () => {
    const hits = clientTexts(language).flatMap(({ path, text }) =>
      unsafeWithdrawalAdvice(text, language).map((sentence) => `${path}: ${sentence}`),
    );
    expect(hits).toEqual([]);
  });

  it('warns, where it speaks of stopping, that stopping at once can be dangerous', () => {
    const heavyUse = bundles[language].safety.notes['heavy-use']?.help.join(' ') ?? '';
    expect(heavyUse).toMatch(WITHDRAWAL_LINT[language].harm);
  });
});

describe('the directive-phrase list itself', () => {
  const directive = (text: string, language: Language): boolean =>
    DIRECTIVE_PHRASES[language].some((pattern) => pattern.test(text));

  it.each([
    ['en', 'You should go to an IOP.'],
    ['en', 'We recommend a day program.'],
    ['en', 'A sober home is the best option for most people.'],
    ['es', 'Deberías ir a un IOP.'],
    ['es', 'Te recomendamos un programa de día.'],
    ['es', 'Un hogar sobrio es la mejor opción.'],
  ] as const)('flags %s: "%s"', (language, text) => {
    expect(directive(text, language)).toBe(true);
  });

  it.each([
    ['en', 'Where we give a number, it is our best estimate from those studies.'],
    ['en', 'Ask: What do you suggest for my next step, and why?'],
    ['es', 'Cuando damos un número, es nuestro mejor cálculo con esos estudios.'],
    ['es', 'Pregunta: ¿Qué me sugieren para mi próximo paso, y por qué?'],
  ] as const)('lets %s through: "%s"', (language, text) => {
    expect(directive(text, language)).toBe(false);
  });
});

describe('the REQ-S4 linter itself', () => {
  it.each([
    ['en', 'Stop drinking today.'],
    ['en', 'Quit your Xanax all at once and you will feel better.'],
    ['en', 'You can detox at home.'],
    ['en', 'Go cold turkey on the pills.'],
    ['es', 'Deja el alcohol hoy mismo.'],
    ['es', 'Deja las pastillas de golpe.'],
    ['es', 'Desintoxícate en casa.'],
  ] as const)('flags %s: "%s"', (language, text) => {
    expect(unsafeWithdrawalAdvice(text, language)).toEqual([text]);
  });

  it.each([
    ['en', 'Do not stop alcohol or sedative pills all at once on your own.'],
    ['en', 'Stopping them or alcohol all at once can cause seizures.'],
    ['en', 'Stop drinking with medical help.'],
    ['en', 'Lately, have you been drinking a lot every day?'],
    ['en', 'Some programs test your urine or breath for alcohol and drugs.'],
    ['en', 'A main goal is to stop or cut down alcohol and drug use.'],
    ['es', 'Una meta clave es dejar o bajar el uso de alcohol y drogas.'],
    ['es', 'Algunos programas te hacen pruebas de orina o de aliento para ver si hay alcohol o drogas.'],
    ['es', 'No dejes el alcohol ni las pastillas sedantes de golpe.'],
    ['es', 'Si los dejas de golpe, te pueden dar convulsiones.'],
    ['es', 'Deja el alcohol con ayuda médica.'],
  ] as const)('lets %s through: "%s"', (language, text) => {
    expect(unsafeWithdrawalAdvice(text, language)).toEqual([]);
  });
});

describe('dates that CI watches', () => {
  it(`warns when the crisis numbers were last verified more than ${CRISIS_MAX_DAYS} days ago`, () => {
    expect(CRISIS_LAST_VERIFIED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Date.parse(`${CRISIS_LAST_VERIFIED}T00:00:00Z`)).not.toBeNaN();
    const days = daysSinceCrisisVerified(new Date());
    if (days > CRISIS_MAX_DAYS) {
      // A warning, not a failure (REQ-S1): the numbers are re-checked by a person, not by CI.
      console.log(
        `WARNING: crisis resources (src/core/decision-aid/crisis.ts) were last verified ${days} days ago, on ${CRISIS_LAST_VERIFIED}. Re-check 988, 911 and the SAMHSA Helpline and update CRISIS_LAST_VERIFIED.`,
      );
    }
    expect(Number.isFinite(days)).toBe(true);
  });

  it(`warns when the guide was last reviewed more than ${REVIEW_MAX_DAYS} days ago`, () => {
    for (const language of LANGUAGES) {
      const reviewed = bundles[language].meta.lastReviewed;
      const days = Math.floor((Date.now() - Date.parse(`${reviewed}T00:00:00Z`)) / 86_400_000);
      if (days > REVIEW_MAX_DAYS) {
        console.log(
          `WARNING: content/${language}/guide.json was last reviewed ${days} days ago, on ${reviewed}; its update policy asks for a review at least every 12 months.`,
        );
      }
      expect(Number.isFinite(days)).toBe(true);
    }
  });
});
