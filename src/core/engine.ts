/**
 * The placement engine: an assessment and a compiled rule set in, an explained recommendation out.
 * Pure, synchronous and deterministic: the same input and rule set give byte-identical JSON.
 *
 * Order: safety gates, then per-dimension floors, then the least intensive setting at or above every
 * floor (the most intensive floor, never an average), then recovery-residence pairing, alternatives
 * and what would change the result.
 */
import { ASSESSMENT_V2_SCHEMA_ID, FLAG_IDS, factsOf, type Assessment, type FlagId } from './assessment.js';
import type { ClinicalFacts } from './clinical-facts.js';
import { DIMENSION_IDS, DIMENSIONS, RATING_WORDS, type DimensionId, type Rating } from './dimensions.js';
import {
  RECOMMENDATION_SCHEMA_ID,
  type Alternative,
  type Recommendation,
  type Requirement,
  type SequenceStep,
  type WhatWouldChange,
} from './recommendation.js';
import { basisEntry, type CompiledRule, type CompiledRuleSet, type Facts } from './ruleset.js';
import {
  SETTINGS,
  WITHDRAWAL_MANAGEMENT,
  hoursFor,
  nextSettingUp,
  settingRank,
  type HoursPerWeek,
  type PrimarySetting,
  type Setting,
} from './settings.js';
import { consistencyWarnings } from './warnings.js';

/** What the rules decide, as ranks, before it is dressed as a document. */
interface Outcome {
  urgent: boolean;
  floorRank: number;
  withdrawalRank: number;
  recoveryResidence: boolean;
  /** A rule requires withdrawal management to be medically monitored. */
  monitorWithdrawal: boolean;
  /** A rule requires 24-hour care to be medically monitored. */
  monitorCare: boolean;
}

/** Thrown when a loaded rule set leaves an assessment without any basis: a rule-set defect. */
export class IncompleteRuleSetError extends Error {
  constructor(rulesetId: string) {
    super(`rule set ${rulesetId} fired no rule for this assessment; every assessment needs a basis`);
    this.name = 'IncompleteRuleSetError';
  }
}

function emptyOutcome(): Outcome {
  return {
    urgent: false,
    floorRank: 0,
    withdrawalRank: 0,
    recoveryResidence: false,
    monitorWithdrawal: false,
    monitorCare: false,
  };
}

const NO_EFFECT: Readonly<Outcome> = emptyOutcome();

function copyOutcome(into: Outcome, from: Readonly<Outcome>): void {
  into.urgent = from.urgent;
  into.floorRank = from.floorRank;
  into.withdrawalRank = from.withdrawalRank;
  into.recoveryResidence = from.recoveryResidence;
  into.monitorWithdrawal = from.monitorWithdrawal;
  into.monitorCare = from.monitorCare;
}

/** Folds one fired rule into an outcome. Every effect can only raise care, never lower it. */
function apply(outcome: Outcome, rule: CompiledRule): void {
  const { raises } = rule;
  if (raises.urgent) outcome.urgent = true;
  if (raises.floorRank > outcome.floorRank) outcome.floorRank = raises.floorRank;
  if (raises.withdrawalRank > outcome.withdrawalRank) outcome.withdrawalRank = raises.withdrawalRank;
  if (raises.recoveryResidence) outcome.recoveryResidence = true;
  if (raises.monitorWithdrawal) outcome.monitorWithdrawal = true;
  if (raises.monitorCare) outcome.monitorCare = true;
}

function floorOf(outcome: Outcome): Setting {
  return SETTINGS[outcome.floorRank] as Setting;
}

function primarySettingOf(outcome: Outcome): PrimarySetting {
  return outcome.urgent ? 'urgent-evaluation' : floorOf(outcome);
}

/** A recovery residence pairs with care the person attends from that home, not a 24-hour setting. */
function pairsWithRecoveryResidence(outcome: Outcome, ruleset: CompiledRuleSet): boolean {
  return outcome.recoveryResidence && !outcome.urgent && !ruleset.profile.settings[floorOf(outcome)].twentyFourHour;
}

/** Withdrawal management in a 24-hour setting comes first, as a step of its own. */
const FIRST_WITHDRAWAL_RANK = WITHDRAWAL_MANAGEMENT.indexOf('residential');
const INPATIENT_WITHDRAWAL_RANK = WITHDRAWAL_MANAGEMENT.indexOf('inpatient');
const INPATIENT_RANK = SETTINGS.indexOf('inpatient');

/** Whether the withdrawal-management step must be medically monitored (inpatient always is). */
function withdrawalMonitored(outcome: Outcome): boolean {
  return outcome.withdrawalRank === INPATIENT_WITHDRAWAL_RANK || outcome.monitorWithdrawal;
}

/** Whether a 24-hour level of care must be medically monitored; undefined for care that is not 24-hour. */
function careMonitored(outcome: Outcome, ruleset: CompiledRuleSet): boolean | undefined {
  if (!ruleset.profile.settings[floorOf(outcome)].twentyFourHour) return undefined;
  return outcome.floorRank === INPATIENT_RANK || outcome.monitorCare;
}

function sameResult(a: Outcome, b: Outcome, ruleset: CompiledRuleSet): boolean {
  if (
    a.urgent !== b.urgent ||
    (!a.urgent && a.floorRank !== b.floorRank) ||
    a.withdrawalRank !== b.withdrawalRank ||
    pairsWithRecoveryResidence(a, ruleset) !== pairsWithRecoveryResidence(b, ruleset)
  ) {
    return false;
  }
  // With the same ranks, monitoring can differ only where a rule asked for it in one and not the
  // other; that is rare, so the common case is decided without more lookups.
  if (a.urgent || (a.monitorWithdrawal === b.monitorWithdrawal && a.monitorCare === b.monitorCare)) return true;
  // Medical monitoring is part of the result only where the sequence shows it.
  return (
    (a.withdrawalRank < FIRST_WITHDRAWAL_RANK || withdrawalMonitored(a) === withdrawalMonitored(b)) &&
    careMonitored(a, ruleset) === careMonitored(b, ruleset)
  );
}

function settingLabel(setting: PrimarySetting, ruleset: CompiledRuleSet): string {
  return setting === 'urgent-evaluation' ? 'urgent evaluation' : ruleset.profile.settings[setting].label.toLowerCase();
}

function describeChange(outcome: Outcome, before: Outcome, ruleset: CompiledRuleSet): string {
  const parts: string[] = [];
  const setting = primarySettingOf(outcome);
  const care = outcome.urgent ? undefined : careMonitored(outcome, ruleset);
  if (setting !== primarySettingOf(before)) {
    const monitored = care === true && setting !== 'inpatient' ? ', medically monitored' : '';
    parts.push(`the recommendation would be ${settingLabel(setting, ruleset)}${monitored}`);
  } else if (care !== undefined && care !== careMonitored(before, ruleset)) {
    parts.push(
      care
        ? 'the 24-hour care would need to be medically monitored'
        : 'the 24-hour care would no longer need to be medically monitored',
    );
  }
  const rr = pairsWithRecoveryResidence(outcome, ruleset);
  if (rr !== pairsWithRecoveryResidence(before, ruleset)) {
    parts.push(
      rr ? 'it would be paired with a recovery residence' : 'it would no longer be paired with a recovery residence',
    );
  }
  if (outcome.withdrawalRank !== before.withdrawalRank) {
    const level = WITHDRAWAL_MANAGEMENT[outcome.withdrawalRank];
    // Inpatient withdrawal management is medically managed by definition; only residential says it.
    const monitored =
      !outcome.urgent && level === 'residential' && withdrawalMonitored(outcome) ? ', medically monitored' : '';
    parts.push(
      level === 'none'
        ? 'no withdrawal management would be needed'
        : `withdrawal management would be ${level}${monitored}`,
    );
  } else if (
    !outcome.urgent &&
    outcome.withdrawalRank >= FIRST_WITHDRAWAL_RANK &&
    withdrawalMonitored(outcome) !== withdrawalMonitored(before)
  ) {
    parts.push(
      withdrawalMonitored(outcome)
        ? 'withdrawal management would need to be medically monitored'
        : 'withdrawal management would no longer need to be medically monitored',
    );
  }
  return parts.join(', and ');
}

/** Dimension names as they read mid-sentence: "If physical health were rated 3 ...". */
const NAMES_MID_SENTENCE = Object.fromEntries(
  DIMENSION_IDS.map((id) => [id, DIMENSIONS[id].name.toLowerCase()]),
) as Record<DimensionId, string>;

/** How a flag that is set reads when it is cleared: "If a home free of alcohol and drugs is found, ...". */
const FLAG_CLEARED: Readonly<Record<FlagId, string>> = {
  imminentDanger: 'If the imminent danger were resolved',
  withdrawalRisk: 'If there were no risk factor for complicated withdrawal',
  intoxicated: 'If the person were reassessed sober',
  needs24HourStructure: 'If 24-hour structure were no longer judged necessary',
  coOccurringMentalHealth: 'If no mental health condition needed treatment alongside the addiction',
  homeResponsibilities: 'If work, school or caregiving did not shape the week',
  unsafeHousing: 'If a home free of alcohol and drugs is found',
};

/** Clinical facts an assessment@2 did not record, and what finding each would mean. */
const FACTS_TO_ASK: ReadonlyArray<{
  fact: 'withdrawalSeizureOrDeliriumHistory' | 'opioidOverdosePast12Months' | 'pregnant';
  to: true | 'yes';
  unknown: (facts: ClinicalFacts) => boolean;
  text: string;
}> = [
  {
    fact: 'withdrawalSeizureOrDeliriumHistory',
    to: true,
    unknown: (facts) => facts.withdrawalSeizureOrDeliriumHistory === undefined,
    text: 'If a history of withdrawal seizures or delirium is found',
  },
  {
    fact: 'opioidOverdosePast12Months',
    to: true,
    unknown: (facts) => facts.opioidOverdosePast12Months === undefined,
    text: 'If an opioid overdose in the past 12 months is found',
  },
  {
    fact: 'pregnant',
    to: 'yes',
    unknown: (facts) => facts.pregnant === undefined || facts.pregnant === 'not-asked',
    text: 'If the person is pregnant',
  },
];

/**
 * Scratch state of the what-if search. It is evaluated up to 24 times per recommendation, so the
 * ratings, facts and outcomes are allocated once and overwritten; only a result that differs is kept.
 */
interface WhatIf {
  ratings: Record<DimensionId, Rating>;
  facts: Facts;
  /** The part of the outcome from rules that do not read the dimension being varied. */
  fixed: Outcome;
  trial: Outcome;
}

/** The nearest rating from `from`, stepping by `step`, whose result differs from `current`. */
function nearestChange(
  whatIf: WhatIf,
  dimension: DimensionId,
  dependent: readonly CompiledRule[],
  from: Rating,
  step: 1 | -1,
  current: Outcome,
  ruleset: CompiledRuleSet,
): { to: Rating; outcome: Outcome } | undefined {
  const { ratings, facts, fixed, trial } = whatIf;
  for (let to = from + step; to >= 0 && to <= 4; to += step) {
    ratings[dimension] = to as Rating;
    copyOutcome(trial, fixed);
    for (const rule of dependent) if (rule.test(facts)) apply(trial, rule);
    if (!sameResult(trial, current, ruleset)) return { to: to as Rating, outcome: { ...trial } };
  }
  return undefined;
}

/**
 * For each dimension, the nearest rating below and above the current one that changes the result.
 * Rules that do not read a dimension's rating cannot change with it, so their part of the outcome
 * is folded once per dimension and only the rules that read it are evaluated again.
 */
function whatWouldChange(
  assessment: Assessment,
  ruleset: CompiledRuleSet,
  fired: readonly CompiledRule[],
  current: Outcome,
): WhatWouldChange[] {
  const changes: WhatWouldChange[] = [];
  const ratings = { ...assessment.ratings };
  const whatIf: WhatIf = {
    ratings,
    facts: { ratings, flags: assessment.flags, population: assessment.population, clinical: factsOf(assessment) },
    fixed: emptyOutcome(),
    trial: emptyOutcome(),
  };
  DIMENSION_IDS.forEach((dimension, bit) => {
    const mask = 1 << bit;
    copyOutcome(whatIf.fixed, NO_EFFECT);
    for (const rule of fired) if ((rule.readsMask & mask) === 0) apply(whatIf.fixed, rule);
    const dependent = listsFor(assessment, ruleset).rulesReading[bit] ?? [];
    const from = assessment.ratings[dimension];
    const below = nearestChange(whatIf, dimension, dependent, from, -1, current, ruleset);
    const above = nearestChange(whatIf, dimension, dependent, from, 1, current, ruleset);
    ratings[dimension] = from;
    const name = NAMES_MID_SENTENCE[dimension];
    for (const found of [below, above]) {
      if (found === undefined) continue;
      const { to, outcome } = found;
      changes.push({
        dimension,
        to,
        setting: primarySettingOf(outcome),
        text: `If ${name} were rated ${to} (${RATING_WORDS[to]}) instead of ${from} (${RATING_WORDS[from]}), ${describeChange(outcome, current, ruleset)}.`,
      });
    }
  });
  flagChanges(assessment, ruleset, fired, current, whatIf, changes);
  if (assessment.schema === ASSESSMENT_V2_SCHEMA_ID) factChanges(assessment, ruleset, fired, current, whatIf, changes);
  return changes;
}

/** The outcome with `dependent` evaluated again on `facts` over the part fixed by the other fired rules. */
function retry(whatIf: WhatIf, facts: Facts, dependent: readonly CompiledRule[]): Outcome {
  const { fixed, trial } = whatIf;
  copyOutcome(trial, fixed);
  for (const rule of dependent) if (rule.test(facts)) apply(trial, rule);
  return trial;
}

/** For each flag that is set, whether clearing it would change the result. */
function flagChanges(
  assessment: Assessment,
  ruleset: CompiledRuleSet,
  fired: readonly CompiledRule[],
  current: Outcome,
  whatIf: WhatIf,
  changes: WhatWouldChange[],
): void {
  // One scratch copy of the flags for every flag tried, made only when a flag is set.
  let facts: (Facts & { flags: Record<FlagId, boolean> }) | undefined;
  for (let bit = 0; bit < FLAG_IDS.length; bit++) {
    const flag = FLAG_IDS[bit] as FlagId;
    if (!assessment.flags[flag]) continue;
    const dependent = listsFor(assessment, ruleset).rulesReadingFlag[bit] ?? [];
    // No rule that can change the result reads this flag: clearing it changes nothing.
    if (dependent.length === 0) continue;
    facts ??= { ...whatIf.facts, ratings: assessment.ratings, flags: { ...assessment.flags } };
    const mask = 1 << bit;
    copyOutcome(whatIf.fixed, NO_EFFECT);
    for (const rule of fired) if ((rule.readsFlags & mask) === 0) apply(whatIf.fixed, rule);
    facts.flags[flag] = false;
    const outcome = retry(whatIf, facts, dependent);
    facts.flags[flag] = true;
    if (sameResult(outcome, current, ruleset)) continue;
    changes.push({
      flag,
      to: false,
      setting: primarySettingOf(outcome),
      text: `${FLAG_CLEARED[flag]}, ${describeChange(outcome, current, ruleset)}.`,
    });
  }
}

/** For each fact an assessment@2 left unrecorded, whether finding it would change the result. */
function factChanges(
  assessment: Assessment,
  ruleset: CompiledRuleSet,
  fired: readonly CompiledRule[],
  current: Outcome,
  whatIf: WhatIf,
  changes: WhatWouldChange[],
): void {
  const clinical = factsOf(assessment);
  for (const ask of FACTS_TO_ASK) {
    if (!ask.unknown(clinical)) continue;
    copyOutcome(whatIf.fixed, NO_EFFECT);
    for (const rule of fired) if (!rule.readsClinical) apply(whatIf.fixed, rule);
    const facts: Facts = {
      ...whatIf.facts,
      ratings: assessment.ratings,
      clinical: { ...clinical, [ask.fact]: ask.to },
    };
    const outcome = retry(whatIf, facts, ruleset.rulesReadingClinical);
    if (sameResult(outcome, current, ruleset)) continue;
    changes.push({
      fact: ask.fact,
      to: ask.to,
      setting: primarySettingOf(outcome),
      text: `${ask.text}, ${describeChange(outcome, current, ruleset)}.`,
    });
  }
}

function alternatives(fired: readonly CompiledRule[], outcome: Outcome, ruleset: CompiledRuleSet): Alternative[] {
  if (outcome.urgent) return [];
  const result: Alternative[] = [];
  const seen = new Set<Setting>();
  // Alternatives never sit at or below the floor: preferences shape programs, not the level.
  for (const rule of fired) {
    for (const effect of rule.effects) {
      if (effect.kind !== 'alternative' || seen.has(effect.setting)) continue;
      if (settingRank(effect.setting) <= outcome.floorRank) continue;
      seen.add(effect.setting);
      result.push({ setting: effect.setting, why: effect.why });
    }
  }
  const floor = floorOf(outcome);
  const up = nextSettingUp(floor);
  if (up !== undefined && floor !== 'inpatient' && !seen.has(up)) {
    result.push({ setting: up, why: ruleset.stepUp[floor] });
  }
  return result.sort((a, b) => settingRank(a.setting) - settingRank(b.setting));
}

function copyHours(hours: HoursPerWeek | null): HoursPerWeek | null {
  if (hours === null) return null;
  return hours.max === undefined ? { min: hours.min } : { min: hours.min, max: hours.max };
}

/** The rules worth evaluating: those that need clinical facts are skipped when none are recorded. */
function listsFor(assessment: Assessment, ruleset: CompiledRuleSet): CompiledRuleSet['withoutFacts'] {
  return assessment.facts === undefined ? ruleset.withoutFacts : ruleset;
}

/** The rules that fire for an assessment, and what they decide together. */
function decide(assessment: Assessment, ruleset: CompiledRuleSet): { fired: CompiledRule[]; outcome: Outcome } {
  const facts: Facts = {
    ratings: assessment.ratings,
    flags: assessment.flags,
    population: assessment.population,
    clinical: factsOf(assessment),
  };
  const fired = listsFor(assessment, ruleset).rules.filter((rule) => rule.test(facts));
  if (fired.length === 0) throw new IncompleteRuleSetError(ruleset.id);
  const outcome = emptyOutcome();
  for (const rule of fired) apply(outcome, rule);
  return { fired, outcome };
}

function primaryOf(outcome: Outcome, assessment: Assessment, ruleset: CompiledRuleSet): Recommendation['primary'] {
  return {
    setting: primarySettingOf(outcome),
    hoursPerWeek: outcome.urgent ? null : copyHours(hoursFor(ruleset.profile, floorOf(outcome), assessment.population)),
    withRecoveryResidence: pairsWithRecoveryResidence(outcome, ruleset),
  };
}

function withdrawalManagementOf(outcome: Outcome): Recommendation['withdrawalManagement'] {
  return WITHDRAWAL_MANAGEMENT[outcome.withdrawalRank] ?? 'none';
}

/** The steps of care in order: urgent evaluation alone, or withdrawal management first, then the level of care. */
function sequenceOf(outcome: Outcome, ruleset: CompiledRuleSet): SequenceStep[] {
  if (outcome.urgent) return [{ step: 'urgent-evaluation' }];
  const setting = floorOf(outcome);
  const withRecoveryResidence = pairsWithRecoveryResidence(outcome, ruleset);
  const monitored = careMonitored(outcome, ruleset);
  // Key order fixed here: the JSON is byte-identical run to run.
  const care: SequenceStep =
    monitored === undefined
      ? { step: 'level-of-care', setting, withRecoveryResidence }
      : { step: 'level-of-care', setting, withRecoveryResidence, medicallyMonitored: monitored };
  if (outcome.withdrawalRank < FIRST_WITHDRAWAL_RANK) return [care];
  return [
    {
      step: 'withdrawal-management',
      setting: outcome.withdrawalRank === INPATIENT_WITHDRAWAL_RANK ? 'inpatient' : 'residential',
      medicallyMonitored: withdrawalMonitored(outcome),
    },
    care,
  ];
}

/** What the fired rules require of the plan, each requirement once, in the order the rules fired. */
function requirementsOf(fired: readonly CompiledRule[], assessment: Assessment): Requirement[] {
  const out: Requirement[] = [];
  for (const rule of fired) {
    for (const requirement of rule.requires) {
      if (out.some((r) => r.requirement === requirement)) continue;
      if (requirement !== 'continue-medication') {
        out.push({ requirement, rule: rule.id });
        continue;
      }
      const names = [...new Set((factsOf(assessment).currentMedications ?? []).map((m) => m.name))];
      out.push(names.length > 0 ? { requirement, rule: rule.id, medications: names } : { requirement, rule: rule.id });
    }
  }
  return out;
}

function rulesetOf(ruleset: CompiledRuleSet): Recommendation['ruleset'] {
  return { id: ruleset.id, version: ruleset.version, hash: ruleset.hash };
}

/**
 * Recommends a level of care for a validated assessment under a compiled rule set.
 * Throws IncompleteRuleSetError when the rule set fires no rule at all (a defect of the rule set).
 */
export function recommendPlacement(assessment: Assessment, ruleset: CompiledRuleSet): Recommendation {
  const { fired, outcome } = decide(assessment, ruleset);
  return {
    schema: RECOMMENDATION_SCHEMA_ID,
    urgent: outcome.urgent,
    sequence: sequenceOf(outcome, ruleset),
    primary: primaryOf(outcome, assessment, ruleset),
    withdrawalManagement: withdrawalManagementOf(outcome),
    alternatives: alternatives(fired, outcome, ruleset),
    basis: fired.map(basisEntry),
    whatWouldChange: whatWouldChange(assessment, ruleset, fired, outcome),
    requirements: requirementsOf(fired, assessment),
    warnings: consistencyWarnings(assessment),
    ruleset: rulesetOf(ruleset),
  };
}

const SCHEMA_JSON = JSON.stringify(RECOMMENDATION_SCHEMA_ID);

// JSON by hand for the small parts that vary: JSON.stringify walking these objects generically cost
// more than deciding them. Settings and dimensions are identifiers and ratings small integers, so they
// need no escaping; text and numbers from the rule set still go through JSON.stringify.

function primaryJson(primary: Recommendation['primary']): string {
  return `{"setting":"${primary.setting}","hoursPerWeek":${JSON.stringify(primary.hoursPerWeek)},"withRecoveryResidence":${primary.withRecoveryResidence}}`;
}

function alternativesJson(list: readonly Alternative[]): string {
  return `[${list.map((a) => `{"setting":"${a.setting}","why":${JSON.stringify(a.why)}}`).join(',')}]`;
}

function sequenceJson(sequence: readonly SequenceStep[]): string {
  return `[${sequence
    .map((step) => {
      if (step.step === 'urgent-evaluation') return '{"step":"urgent-evaluation"}';
      if (step.step === 'withdrawal-management') {
        return `{"step":"withdrawal-management","setting":"${step.setting}","medicallyMonitored":${step.medicallyMonitored}}`;
      }
      const monitored = step.medicallyMonitored === undefined ? '' : `,"medicallyMonitored":${step.medicallyMonitored}`;
      return `{"step":"level-of-care","setting":"${step.setting}","withRecoveryResidence":${step.withRecoveryResidence}${monitored}}`;
    })
    .join(',')}]`;
}

/** Requirements and warnings are empty for most assessments. */
function listJson(list: readonly object[]): string {
  return list.length === 0 ? '[]' : JSON.stringify(list);
}

function whatWouldChangeJson(list: readonly WhatWouldChange[]): string {
  return `[${list
    .map((c) =>
      'dimension' in c
        ? `{"dimension":"${c.dimension}","to":${c.to},"setting":"${c.setting}","text":${JSON.stringify(c.text)}}`
        : JSON.stringify(c),
    )
    .join(',')}]`;
}

/**
 * `JSON.stringify(recommendPlacement(assessment, ruleset))`, byte for byte, for callers that only
 * want the text (the CLI's `--batch`). Serialising takes less than half as long as JSON.stringify of
 * the document: the basis entries, most of the bytes, are copied from text prepared when the rule
 * set was compiled. Throws IncompleteRuleSetError as recommendPlacement does.
 */
export function recommendPlacementJson(assessment: Assessment, ruleset: CompiledRuleSet): string {
  const { fired, outcome } = decide(assessment, ruleset);
  // Keys in recommendPlacement's order; a test compares the two texts over every combination of ratings.
  return (
    `{"schema":${SCHEMA_JSON},"urgent":${outcome.urgent}` +
    `,"sequence":${sequenceJson(sequenceOf(outcome, ruleset))}` +
    `,"primary":${primaryJson(primaryOf(outcome, assessment, ruleset))}` +
    `,"withdrawalManagement":"${withdrawalManagementOf(outcome)}"` +
    `,"alternatives":${alternativesJson(alternatives(fired, outcome, ruleset))}` +
    `,"basis":[${fired.map((rule) => rule.basisJson).join(',')}]` +
    `,"whatWouldChange":${whatWouldChangeJson(whatWouldChange(assessment, ruleset, fired, outcome))}` +
    `,"requirements":${listJson(requirementsOf(fired, assessment))}` +
    `,"warnings":${listJson(consistencyWarnings(assessment))}` +
    `,"ruleset":${JSON.stringify(rulesetOf(ruleset))}}`
  );
}
