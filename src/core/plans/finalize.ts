/**
 * What a plan needs before a clinician can finalise it, as a list of problems by field path. The
 * browser runs this while the clinician edits (to show each problem beside its field) and the server
 * runs it again on the stored version before locking it, so the two can never disagree.
 */
import { parseWith, type FieldIssue } from '../validation.js';
import {
  type PlanDocument,
  type Variance,
  selectionDiffers,
  StoredPlanDocumentSchema,
  upgradePlan,
  withdrawalSelectionDiffers,
} from './plan-schema.js';
import { transitionProblems } from './transition-checks.js';
import { SAFETY_TOPICS } from './vocabulary.js';

/** What the clinician attests to when finalising (REQ-R9); stored with the finalised version. */
export const ATTESTATION_TEXT =
  'I reviewed the recommendation and its basis, discussed the options with the client, and chose this plan using my own clinical judgement.';

export interface FinalizationOptions {
  /** Today (`YYYY-MM-DD`): the reassessment date must come after it. Omit to skip that check. */
  today?: string;
}

function planProblems(plan: PlanDocument, options: FinalizationOptions): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (plan.reassessBy === null) {
    issues.push({ path: 'reassessBy', message: 'set a reassessment date before finalising' });
  } else if (options.today !== undefined && plan.reassessBy <= options.today) {
    issues.push({ path: 'reassessBy', message: 'must be a date after today' });
  }

  for (const topic of SAFETY_TOPICS) {
    if (!plan.safety.topics.includes(topic)) {
      issues.push({ path: 'safety.topics', message: `the safety block must include "${topic}"` });
    }
  }
  if (plan.safety.naloxone === 'not-asked') {
    issues.push({ path: 'safety.naloxone', message: 'ask whether the client has naloxone, and record the answer' });
  }
  if (plan.safety.medication === 'not-asked') {
    issues.push({
      path: 'safety.medication',
      message: 'record the plan for medication for opioid or alcohol use disorder (or that it is not needed)',
    });
  }

  if (selectionDiffers(plan)) {
    issues.push(...varianceProblems('variance', plan.variance, 'the selected setting'));
  }
  if (withdrawalSelectionDiffers(plan)) {
    issues.push(...varianceProblems('withdrawalVariance', plan.withdrawalVariance, 'the withdrawal management chosen'));
  }

  plan.goals.forEach((goal, index) => {
    if (goal.text.trim() === '') issues.push({ path: `goals.${index}.text`, message: 'write the goal' });
    if (goal.measure.trim() === '') {
      issues.push({ path: `goals.${index}.measure`, message: 'say how progress will be measured' });
    }
    if (goal.targetDate === null) issues.push({ path: `goals.${index}.targetDate`, message: 'set a target date' });
  });
  const ids = new Set<string>();
  plan.goals.forEach((goal, index) => {
    if (ids.has(goal.id)) issues.push({ path: `goals.${index}.id`, message: 'must be unique within the plan' });
    ids.add(goal.id);
  });
  issues.push(...transitionProblems(plan));
  return issues;
}

function varianceProblems(path: string, variance: Variance | null, what: string): FieldIssue[] {
  if (variance === null) {
    return [
      { path: `${path}.reason`, message: `${what} differs from the recommended one: choose a reason` },
      { path: `${path}.narrative`, message: 'explain the difference in a few words' },
    ];
  }
  const issues: FieldIssue[] = [];
  if (variance.reason === 'other' && (variance.otherText ?? '').trim() === '') {
    issues.push({ path: `${path}.otherText`, message: 'say what the other reason is' });
  }
  if (variance.narrative.trim() === '') {
    issues.push({ path: `${path}.narrative`, message: 'explain the difference in a few words' });
  }
  return issues;
}

/**
 * Every reason a plan cannot be finalised yet, each naming its field by path (`reassessBy`,
 * `safety.naloxone`, `variance.reason`, `goals.2.targetDate`, `urgentEvaluation`, `medications`,
 * `appointments`); empty when it can be. Takes any value, so a plan whose safety block was deleted
 * in the browser, or a stored document of unknown shape, is reported rather than trusted: a missing
 * safety block is the problem `safety: required`. A plan@1 draft is checked as the plan@2 it
 * becomes when saved, so nothing plan@2 asks for can be skipped by finalising an older draft.
 */
export function finalizationProblems(plan: unknown, options: FinalizationOptions = {}): FieldIssue[] {
  const parsed = parseWith(StoredPlanDocumentSchema, plan);
  if (!parsed.ok) return parsed.issues;
  return planProblems(upgradePlan(parsed.value), options);
}

export type { PlanDocument };
