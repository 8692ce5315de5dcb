/**
 * The placement engine: an assessment and a compiled rule set in, an explained recommendation out.
 * Pure, synchronous and deterministic: the same input and rule set give byte-identical JSON.
 *
 * Order: safety gates, then per-dimension floors, then the least intensive setting at or above every
 * floor (the most intensive floor, never an average), then recovery-residence pairing, alternatives
 * and what would change the result.
 */
import type { Assessment } from './assessment.js';
import { DIMENSION_IDS, DIMENSIONS, RATING_WORDS, type Rating } from './dimensions.js';
import {
  RECOMMENDATION_SCHEMA_ID,
  type Alternative,
  type BasisEntry,
  type Recommendation,
  type WhatWouldChange,
} from './recommendation.js';
import type { CompiledRule, CompiledRuleSet, Facts } from './ruleset.js';
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

/** What the rules decide, as ranks, before it is dressed as a document. */
interface Outcome {
  urgent: boolean;
  floorRank: number;
  withdrawalRank: number;
  recoveryResidence: boolean;
}

/** Thrown when a loaded rule set leaves an assessment without any basis: a rule-set defect. */
export class IncompleteRuleSetError extends Error {
  constructor(rulesetId: string) {
    super(`rule set ${rulesetId} fired no rule for this assessment; every assessment needs a basis`);
    this.name = 'IncompleteRuleSetError';
  }
}

function emptyOutcome(): Outcome {
  return { urgent: false, floorRank: 0, withdrawalRank: 0, recoveryResidence: false };
}

/** Folds one fired rule into an outcome. Every effect can only raise care, never lower it. */
function apply(outcome: Outcome, rule: CompiledRule): void {
  const { raises } = rule;
  if (raises.urgent) outcome.urgent = true;
  if (raises.floorRank > outcome.floorRank) outcome.floorRank = raises.floorRank;
  if (raises.withdrawalRank > outcome.withdrawalRank) outcome.withdrawalRank = raises.withdrawalRank;
  if (raises.recoveryResidence) outcome.recoveryResidence = true;
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

function sameResult(a: Outcome, b: Outcome, ruleset: CompiledRuleSet): boolean {
  return (
    a.urgent === b.urgent &&
    (a.urgent || a.floorRank === b.floorRank) &&
    a.withdrawalRank === b.withdrawalRank &&
    pairsWithRecoveryResidence(a, ruleset) === pairsWithRecoveryResidence(b, ruleset)
  );
}

function settingLabel(setting: PrimarySetting, ruleset: CompiledRuleSet): string {
  return setting === 'urgent-evaluation' ? 'urgent evaluation' : ruleset.profile.settings[setting].label.toLowerCase();
}

function describeChange(outcome: Outcome, before: Outcome, ruleset: CompiledRuleSet): string {
  const parts: string[] = [];
  const setting = primarySettingOf(outcome);
  if (setting !== primarySettingOf(before)) parts.push(`the recommendation would be ${settingLabel(setting, ruleset)}`);
  const rr = pairsWithRecoveryResidence(outcome, ruleset);
  if (rr !== pairsWithRecoveryResidence(before, ruleset)) {
    parts.push(
      rr ? 'it would be paired with a recovery residence' : 'it would no longer be paired with a recovery residence',
    );
  }
  if (outcome.withdrawalRank !== before.withdrawalRank) {
    const level = WITHDRAWAL_MANAGEMENT[outcome.withdrawalRank];
    parts.push(
      level === 'none' ? 'no withdrawal management would be needed' : `withdrawal management would be ${level}`,
    );
  }
  return parts.join(', and ');
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
  const facts: Facts = { ratings, flags: assessment.flags, population: assessment.population };
  DIMENSION_IDS.forEach((dimension, bit) => {
    const mask = 1 << bit;
    const fixed = emptyOutcome();
    for (const rule of fired) if ((rule.readsMask & mask) === 0) apply(fixed, rule);
    const dependent = ruleset.rulesReading[bit] ?? [];
    const outcomeAt = (to: number): Outcome => {
      ratings[dimension] = to as Rating;
      const outcome = { ...fixed };
      for (const rule of dependent) if (rule.test(facts)) apply(outcome, rule);
      return outcome;
    };
    const from = assessment.ratings[dimension];
    const found: Array<{ to: Rating; outcome: Outcome }> = [];
    for (let to = from - 1; to >= 0; to--) {
      const outcome = outcomeAt(to);
      if (!sameResult(outcome, current, ruleset)) {
        found.push({ to: to as Rating, outcome });
        break;
      }
    }
    for (let to = from + 1; to <= 4; to++) {
      const outcome = outcomeAt(to);
      if (!sameResult(outcome, current, ruleset)) {
        found.push({ to: to as Rating, outcome });
        break;
      }
    }
    ratings[dimension] = from;
    const name = DIMENSIONS[dimension].name.toLowerCase();
    for (const { to, outcome } of found) {
      changes.push({
        dimension,
        to,
        setting: primarySettingOf(outcome),
        text: `If ${name} were rated ${to} (${RATING_WORDS[to]}) instead of ${from} (${RATING_WORDS[from]}), ${describeChange(outcome, current, ruleset)}.`,
      });
    }
  });
  return changes;
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

function basisEntry(rule: CompiledRule): BasisEntry {
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

/**
 * Recommends a level of care for a validated assessment under a compiled rule set.
 * Throws IncompleteRuleSetError when the rule set fires no rule at all (a defect of the rule set).
 */
export function recommendPlacement(assessment: Assessment, ruleset: CompiledRuleSet): Recommendation {
  const facts: Facts = { ratings: assessment.ratings, flags: assessment.flags, population: assessment.population };
  const fired = ruleset.rules.filter((rule) => rule.test(facts));
  if (fired.length === 0) throw new IncompleteRuleSetError(ruleset.id);
  const outcome = emptyOutcome();
  for (const rule of fired) apply(outcome, rule);

  return {
    schema: RECOMMENDATION_SCHEMA_ID,
    urgent: outcome.urgent,
    primary: {
      setting: primarySettingOf(outcome),
      hoursPerWeek: outcome.urgent
        ? null
        : copyHours(hoursFor(ruleset.profile, floorOf(outcome), assessment.population)),
      withRecoveryResidence: pairsWithRecoveryResidence(outcome, ruleset),
    },
    withdrawalManagement: WITHDRAWAL_MANAGEMENT[outcome.withdrawalRank] ?? 'none',
    alternatives: alternatives(fired, outcome, ruleset),
    basis: fired.map(basisEntry),
    whatWouldChange: whatWouldChange(assessment, ruleset, fired, outcome),
    ruleset: { id: ruleset.id, version: ruleset.version, hash: ruleset.hash },
  };
}
