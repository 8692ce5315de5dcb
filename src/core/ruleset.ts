/**
 * Rule sets as data: the schema of a `stepdown/ruleset@1` document and its compilation into
 * predicates. A clinic or a state can load its own variant from a file; the content hash (sha256 of
 * canonical JSON) identifies exactly which rules produced a recommendation.
 */
import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';
import { DIMENSION_IDS, type DimensionId } from './dimensions.js';
import { FLAG_IDS, type Assessment } from './assessment.js';
import {
  ADDICTION_MEDICATIONS,
  PREGNANCY_ANSWERS,
  SUBSTANCES,
  takesAddictionMedication,
  type AddictionMedication,
  type ClinicalFacts,
  type PregnancyAnswer,
  type Substance,
} from './clinical-facts.js';
import { REQUIREMENTS, type BasisEntry, type RequirementId } from './recommendation.js';
import { sha256OfText } from './sha256.js';
import { SETTINGS, WITHDRAWAL_MANAGEMENT, type JurisdictionProfile, type Setting } from './settings.js';
import { formatPath, parseWith, type FieldIssue, type Parsed } from './validation.js';

export const RULESET_SCHEMA_ID = 'stepdown/ruleset@1';

const dimension = z.enum(DIMENSION_IDS as ['d1', 'd2', 'd3', 'd4', 'd5', 'd6']);
const setting = z.enum(SETTINGS as ['op', 'iop', 'php', 'residential', 'inpatient']);
const rating = z.int().min(0).max(4);
const flag = z.enum(FLAG_IDS);

/** Yes-or-no clinical facts a condition can read (true only when recorded as true). */
export const BOOLEAN_FACTS = ['withdrawalSeizureOrDeliriumHistory', 'opioidOverdosePast12Months'] as const;
export type BooleanFact = (typeof BOOLEAN_FACTS)[number];

/**
 * A condition over an assessment. Kept small on purpose: every rule must read as a sentence. The
 * clinical-fact conditions (`substance`, `medication`, `fact`, `overdoseCount`, `pregnant`) read the
 * facts of an assessment@2 and are false for a fact that was not recorded (and for every
 * assessment@1): a rule never assumes what nobody asked.
 */
export type Condition =
  | { kind: 'rating'; dimension: DimensionId; min?: number; max?: number }
  | { kind: 'anyRating'; dimensions: DimensionId[]; min?: number; max?: number }
  | { kind: 'flag'; flag: (typeof FLAG_IDS)[number]; value?: boolean }
  | { kind: 'population'; population: 'adult' | 'adolescent' }
  /** Any of these substances is among `facts.substances`. */
  | { kind: 'substance'; substances: Substance[] }
  /** A current medication for addiction is listed (any, or one of `medications`). */
  | { kind: 'medication'; medications?: AddictionMedication[] }
  | { kind: 'fact'; fact: BooleanFact }
  | { kind: 'overdoseCount'; min: number }
  | { kind: 'pregnant'; answer: PregnancyAnswer }
  | { kind: 'all'; of: Condition[] }
  | { kind: 'any'; of: Condition[] }
  | { kind: 'not'; of: Condition };

const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('rating'), dimension, min: rating.optional(), max: rating.optional() }),
    z.strictObject({
      kind: z.literal('anyRating'),
      dimensions: z.array(dimension).min(1),
      min: rating.optional(),
      max: rating.optional(),
    }),
    z.strictObject({ kind: z.literal('flag'), flag, value: z.boolean().optional() }),
    z.strictObject({ kind: z.literal('population'), population: z.enum(['adult', 'adolescent']) }),
    z.strictObject({ kind: z.literal('substance'), substances: z.array(z.enum(SUBSTANCES)).min(1) }),
    z.strictObject({
      kind: z.literal('medication'),
      medications: z.array(z.enum(ADDICTION_MEDICATIONS)).min(1).optional(),
    }),
    z.strictObject({ kind: z.literal('fact'), fact: z.enum(BOOLEAN_FACTS) }),
    z.strictObject({ kind: z.literal('overdoseCount'), min: z.int().min(1) }),
    z.strictObject({ kind: z.literal('pregnant'), answer: z.enum(PREGNANCY_ANSWERS) }),
    z.strictObject({ kind: z.literal('all'), of: z.array(ConditionSchema).min(1) }),
    z.strictObject({ kind: z.literal('any'), of: z.array(ConditionSchema).min(1) }),
    z.strictObject({ kind: z.literal('not'), of: ConditionSchema }),
  ]),
);

/** What a rule does when it fires. There is no effect that lowers care: floors only ever rise. */
const EffectSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('urgent') }),
  z.strictObject({ kind: z.literal('floor'), setting }),
  z.strictObject({
    kind: z.literal('withdrawal'),
    level: z.enum(WITHDRAWAL_MANAGEMENT.filter((w) => w !== 'none') as ['ambulatory', 'residential', 'inpatient']),
  }),
  z.strictObject({ kind: z.literal('recoveryResidence') }),
  z.strictObject({ kind: z.literal('alternative'), setting, why: z.string().min(1) }),
  z.strictObject({ kind: z.literal('note') }),
  /** The step (withdrawal management, or 24-hour care) must be medically monitored. */
  z.strictObject({ kind: z.literal('medicallyMonitored'), step: z.enum(['withdrawal-management', 'level-of-care']) }),
  /** The plan must contain something (see REQUIREMENTS in recommendation.ts). */
  z.strictObject({ kind: z.literal('require'), requirement: z.enum(REQUIREMENTS) }),
]);
export type Effect = z.infer<typeof EffectSchema>;

const RuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+([.-][a-z0-9]+)*$/, 'must be lower-case words joined by dots or hyphens'),
  stage: z.enum(['gate', 'floor', 'modifier']),
  dimension: dimension.optional(),
  when: ConditionSchema,
  effects: z.array(EffectSchema).min(1),
  text: z.string().min(1),
  clientText: z.string().min(1),
  sources: z.array(z.string().min(1)).min(1),
});
export type Rule = z.infer<typeof RuleSchema>;

const hours = z.strictObject({ min: z.number().min(0), max: z.number().min(0).optional() });
const SettingDefinitionSchema = z.strictObject({
  label: z.string().min(1),
  twentyFourHour: z.boolean(),
  hoursPerWeek: z.strictObject({ adult: hours, adolescent: hours }).nullable(),
});

const ProfileSchema = z.strictObject({
  id: z.string().min(1),
  label: z.string().min(1),
  sources: z.array(z.string().min(1)),
  settings: z.strictObject({
    op: SettingDefinitionSchema,
    iop: SettingDefinitionSchema,
    php: SettingDefinitionSchema,
    residential: SettingDefinitionSchema,
    inpatient: SettingDefinitionSchema,
  }),
});

const SourceSchema = z.strictObject({ citation: z.string().min(1), url: z.string().min(1).optional() });

export const RuleSetSchema = z.strictObject({
  schema: z.literal(RULESET_SCHEMA_ID),
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version like 1.0.0'),
  title: z.string().min(1),
  description: z.string().min(1),
  profile: ProfileSchema,
  sources: z.record(z.string().regex(/^[a-z0-9-]+$/), SourceSchema),
  stepUp: z.strictObject({
    op: z.string().min(1),
    iop: z.string().min(1),
    php: z.string().min(1),
    residential: z.string().min(1),
  }),
  rules: z.array(RuleSchema).min(1),
});
export type RuleSetDocument = z.infer<typeof RuleSetSchema>;

/** Facts a condition reads; the engine builds them from an assessment (or a what-if variant). */
export interface Facts {
  ratings: Readonly<Record<DimensionId, number>>;
  flags: Readonly<Assessment['flags']>;
  population: Assessment['population'];
  clinical: Readonly<ClinicalFacts>;
}

export type Predicate = (facts: Facts) => boolean;

export interface CompiledRule {
  id: string;
  /** Bit i set when the condition reads the rating of dimension d(i+1); lets what-if skip the rest. */
  readsMask: number;
  stage: Rule['stage'];
  dimension: DimensionId | undefined;
  test: Predicate;
  effects: Effect[];
  /** Bit i set when the condition reads flag FLAG_IDS[i]; lets what-if over flags skip the rest. */
  readsFlags: number;
  /** True when the condition reads a clinical fact. */
  readsClinical: boolean;
  /** The effects folded to ranks, so the engine's inner loop compares numbers (-1: no such effect). */
  raises: {
    urgent: boolean;
    floorRank: number;
    withdrawalRank: number;
    recoveryResidence: boolean;
    monitorWithdrawal: boolean;
    monitorCare: boolean;
  };
  /** What the rule requires of the plan, in effect order. */
  requires: RequirementId[];
  /** `floor:iop`, `urgent`, ... joined with `+`: how the basis names what the rule did. */
  effectLabel: string;
  text: string;
  clientText: string;
  /** Full citations, ready to print. */
  sources: string[];
  /**
   * `JSON.stringify(basisEntry(rule))`, prepared once: basis entries are most of the bytes of a
   * recommendation, and a batch copies this text instead of escaping the same strings again.
   */
  basisJson: string;
}

/** A validated, compiled rule set, ready for the engine. */
export interface CompiledRuleSet {
  id: string;
  version: string;
  hash: string;
  title: string;
  profile: JurisdictionProfile;
  stepUp: Record<Exclude<Setting, 'inpatient'>, string>;
  /** Gates first, then floors, then modifiers, each in file order. */
  rules: CompiledRule[];
  /** For each dimension (d1 at 0), the rules whose conditions read its rating. */
  rulesReading: CompiledRule[][];
  /** For each flag (in FLAG_IDS order), the rules whose conditions read it and that can change the result. */
  rulesReadingFlag: CompiledRule[][];
  /** The rules whose conditions read a clinical fact. */
  rulesReadingClinical: CompiledRule[];
  /**
   * The same lists without the rules that cannot fire when no clinical fact is recorded (every
   * assessment@1): the engine skips them for such an assessment, with exactly the same result.
   */
  withoutFacts: { rules: CompiledRule[]; rulesReading: CompiledRule[][]; rulesReadingFlag: CompiledRule[][] };
  document: RuleSetDocument;
}

function inRange(value: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

/** Bit mask of the dimensions whose ratings a condition reads. */
export function ratingsRead(condition: Condition): number {
  switch (condition.kind) {
    case 'rating':
      return 1 << DIMENSION_IDS.indexOf(condition.dimension);
    case 'anyRating':
      return condition.dimensions.reduce((mask, d) => mask | (1 << DIMENSION_IDS.indexOf(d)), 0);
    case 'flag':
    case 'population':
    case 'substance':
    case 'medication':
    case 'fact':
    case 'overdoseCount':
    case 'pregnant':
      return 0;
    case 'all':
    case 'any':
      return condition.of.reduce((mask, part) => mask | ratingsRead(part), 0);
    case 'not':
      return ratingsRead(condition.of);
  }
}

/** Bit mask of the flags (FLAG_IDS order) a condition reads. */
export function flagsRead(condition: Condition): number {
  switch (condition.kind) {
    case 'flag':
      return 1 << FLAG_IDS.indexOf(condition.flag);
    case 'all':
    case 'any':
      return condition.of.reduce((mask, part) => mask | flagsRead(part), 0);
    case 'not':
      return flagsRead(condition.of);
    case 'rating':
    case 'anyRating':
    case 'population':
    case 'substance':
    case 'medication':
    case 'fact':
    case 'overdoseCount':
    case 'pregnant':
      return 0;
  }
}

/**
 * True when a condition is false whenever no clinical fact is recorded: a fact condition is (an
 * unrecorded fact is never true), `all` is when one part is, `any` when every part is.
 */
export function needsClinicalFacts(condition: Condition): boolean {
  switch (condition.kind) {
    case 'substance':
    case 'medication':
    case 'fact':
    case 'overdoseCount':
    case 'pregnant':
      return true;
    case 'all':
      return condition.of.some(needsClinicalFacts);
    case 'any':
      return condition.of.every(needsClinicalFacts);
    case 'rating':
    case 'anyRating':
    case 'flag':
    case 'population':
    case 'not':
      return false;
  }
}

/** True when a condition reads a clinical fact of an assessment@2. */
export function readsClinicalFacts(condition: Condition): boolean {
  switch (condition.kind) {
    case 'substance':
    case 'medication':
    case 'fact':
    case 'overdoseCount':
    case 'pregnant':
      return true;
    case 'all':
    case 'any':
      return condition.of.some(readsClinicalFacts);
    case 'not':
      return readsClinicalFacts(condition.of);
    case 'rating':
    case 'anyRating':
    case 'flag':
    case 'population':
      return false;
  }
}

/** Turns a condition into a closure once, so evaluating a rule is a function call, not a tree walk. */
export function compileCondition(condition: Condition): Predicate {
  switch (condition.kind) {
    case 'rating': {
      const { dimension: d, min, max } = condition;
      return (facts) => inRange(facts.ratings[d], min, max);
    }
    // Plain loops rather than some/every: a callback closing over `facts` would be allocated on
    // every evaluation, and the engine evaluates rules a few dozen times per recommendation.
    case 'anyRating': {
      const { dimensions, min, max } = condition;
      return (facts) => {
        for (const d of dimensions) if (inRange(facts.ratings[d], min, max)) return true;
        return false;
      };
    }
    case 'flag': {
      const { flag: f } = condition;
      const expected = condition.value ?? true;
      return (facts) => facts.flags[f] === expected;
    }
    case 'population': {
      const { population } = condition;
      return (facts) => facts.population === population;
    }
    case 'substance': {
      const { substances } = condition;
      return (facts) => {
        const used = facts.clinical.substances;
        if (used === undefined) return false;
        for (const substance of substances) if (used.includes(substance)) return true;
        return false;
      };
    }
    case 'medication': {
      const { medications } = condition;
      return (facts) => takesAddictionMedication(facts.clinical, medications);
    }
    case 'fact': {
      const { fact } = condition;
      return (facts) => facts.clinical[fact] === true;
    }
    case 'overdoseCount': {
      const { min } = condition;
      return (facts) => (facts.clinical.overdoseCount ?? 0) >= min;
    }
    case 'pregnant': {
      const { answer } = condition;
      return (facts) => facts.clinical.pregnant === answer;
    }
    case 'all': {
      const parts = condition.of.map(compileCondition);
      return (facts) => {
        for (const part of parts) if (!part(facts)) return false;
        return true;
      };
    }
    case 'any': {
      const parts = condition.of.map(compileCondition);
      return (facts) => {
        for (const part of parts) if (part(facts)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileCondition(condition.of);
      return (facts) => !inner(facts);
    }
  }
}

function effectLabel(effect: Effect): string {
  switch (effect.kind) {
    case 'urgent':
      return 'urgent';
    case 'floor':
      return `floor:${effect.setting}`;
    case 'withdrawal':
      return `withdrawal:${effect.level}`;
    case 'recoveryResidence':
      return 'recovery-residence';
    case 'alternative':
      return `alternative:${effect.setting}`;
    case 'note':
      return 'note';
    case 'medicallyMonitored':
      return `medically-monitored:${effect.step}`;
    case 'require':
      return `require:${effect.requirement}`;
  }
}

function foldEffects(effects: readonly Effect[]): CompiledRule['raises'] {
  const raises = {
    urgent: false,
    floorRank: -1,
    withdrawalRank: -1,
    recoveryResidence: false,
    monitorWithdrawal: false,
    monitorCare: false,
  };
  for (const effect of effects) {
    if (effect.kind === 'urgent') raises.urgent = true;
    else if (effect.kind === 'floor') raises.floorRank = Math.max(raises.floorRank, SETTINGS.indexOf(effect.setting));
    else if (effect.kind === 'withdrawal')
      raises.withdrawalRank = Math.max(raises.withdrawalRank, WITHDRAWAL_MANAGEMENT.indexOf(effect.level));
    else if (effect.kind === 'recoveryResidence') raises.recoveryResidence = true;
    else if (effect.kind === 'medicallyMonitored') {
      if (effect.step === 'withdrawal-management') raises.monitorWithdrawal = true;
      else raises.monitorCare = true;
    }
  }
  return raises;
}

/** The rule's entry in a recommendation's basis. */
export function basisEntry(
  rule: Pick<CompiledRule, 'id' | 'dimension' | 'effectLabel' | 'text' | 'clientText' | 'sources'>,
): BasisEntry {
  // Key order is fixed here so the serialised document is byte-identical run to run.
  if (rule.dimension === undefined) {
    return {
      rule: rule.id,
      effect: rule.effectLabel,
      text: rule.text,
      clientText: rule.clientText,
      sources: rule.sources,
    };
  }
  return {
    rule: rule.id,
    dimension: rule.dimension,
    effect: rule.effectLabel,
    text: rule.text,
    clientText: rule.clientText,
    sources: rule.sources,
  };
}

function formatSource(source: { citation: string; url?: string | undefined }): string {
  return source.url ? `${source.citation} ${source.url}` : source.citation;
}

const STAGE_ORDER: Record<Rule['stage'], number> = { gate: 0, floor: 1, modifier: 2 };

/** Checks what the schema cannot: unique rule ids and sources that exist. */
function crossCheck(doc: RuleSetDocument): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  doc.rules.forEach((rule, index) => {
    if (seen.has(rule.id))
      issues.push({ path: formatPath(['rules', index, 'id']), message: `duplicate rule id ${rule.id}` });
    seen.add(rule.id);
    rule.sources.forEach((key, s) => {
      if (!(key in doc.sources)) {
        issues.push({ path: formatPath(['rules', index, 'sources', s]), message: `unknown source "${key}"` });
      }
    });
  });
  doc.profile.sources.forEach((key, s) => {
    if (!(key in doc.sources))
      issues.push({ path: formatPath(['profile', 'sources', s]), message: `unknown source "${key}"` });
  });
  return issues;
}

/**
 * The rules in order, and for each dimension and each flag the rules that read it. The what-if
 * search uses the per-flag lists, and a rule that only adds a note, an alternative or a requirement
 * cannot change its result, so those lists leave such rules out.
 */
function listsOf(rules: CompiledRule[]): CompiledRuleSet['withoutFacts'] {
  return {
    rules,
    rulesReading: DIMENSION_IDS.map((_, bit) => rules.filter((rule) => (rule.readsMask & (1 << bit)) !== 0)),
    rulesReadingFlag: FLAG_IDS.map((_, bit) =>
      rules.filter((rule) => (rule.readsFlags & (1 << bit)) !== 0 && changesOutcome(rule)),
    ),
  };
}

/** True when a rule's effects can change a recommendation's result (not only notes, alternatives, requirements). */
function changesOutcome(rule: CompiledRule): boolean {
  const { raises } = rule;
  return (
    raises.urgent ||
    raises.floorRank >= 0 ||
    raises.withdrawalRank >= 0 ||
    raises.recoveryResidence ||
    raises.monitorWithdrawal ||
    raises.monitorCare
  );
}

/** Validates a rule-set document, computes its hash and compiles its rules. */
export function compileRuleSet(input: unknown): Parsed<CompiledRuleSet> {
  const parsed = parseWith(RuleSetSchema, input);
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  const issues = crossCheck(doc);
  if (issues.length > 0) return { ok: false, issues };

  const cite = (key: string): string => formatSource(doc.sources[key] as z.infer<typeof SourceSchema>);
  const conditionOf = new Map(doc.rules.map((rule) => [rule.id, rule.when]));
  const rules: CompiledRule[] = doc.rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => STAGE_ORDER[a.rule.stage] - STAGE_ORDER[b.rule.stage] || a.index - b.index)
    .map(({ rule }) => {
      const label = rule.effects.map(effectLabel).join('+');
      const sources = rule.sources.map(cite);
      const { id, dimension, text, clientText } = rule;
      // One literal with every field: rules built by spreading a partial object took a slower shape
      // in V8, and the engine, which reads them in its inner loop, ran about a quarter slower.
      return {
        id,
        readsMask: ratingsRead(rule.when),
        readsFlags: flagsRead(rule.when),
        readsClinical: readsClinicalFacts(rule.when),
        stage: rule.stage,
        dimension,
        test: compileCondition(rule.when),
        effects: rule.effects,
        raises: foldEffects(rule.effects),
        requires: rule.effects.flatMap((effect) => (effect.kind === 'require' ? [effect.requirement] : [])),
        effectLabel: label,
        text,
        clientText,
        sources,
        basisJson: JSON.stringify(basisEntry({ id, dimension, effectLabel: label, text, clientText, sources })),
      };
    });

  const needsFacts = rules.map((rule) => needsClinicalFacts(conditionOf.get(rule.id) as Condition));
  const profile: JurisdictionProfile = { ...doc.profile, sources: doc.profile.sources.map(cite) };
  return {
    ok: true,
    value: {
      id: doc.id,
      version: doc.version,
      // The hash covers the document as given (canonicalised), so any edit to a rule changes it.
      hash: `sha256:${sha256OfText(canonicalJson(doc))}`,
      title: doc.title,
      profile,
      stepUp: doc.stepUp,
      rules,
      rulesReading: DIMENSION_IDS.map((_, bit) => rules.filter((rule) => (rule.readsMask & (1 << bit)) !== 0)),
      rulesReadingFlag: FLAG_IDS.map((_, bit) =>
        rules.filter((rule) => (rule.readsFlags & (1 << bit)) !== 0 && changesOutcome(rule)),
      ),
      rulesReadingClinical: rules.filter((rule) => rule.readsClinical),
      withoutFacts: listsOf(rules.filter((_rule, index) => !needsFacts[index])),
      document: doc,
    },
  };
}
