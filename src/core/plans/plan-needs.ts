/**
 * What an assessment asks of the plan made from it (DESIGN.md 5.1): a safety plan with d3 of 2 or
 * more, imminent danger or co-occurring mental health; the medications for addiction it lists;
 * naloxone after an opioid overdose in the past 12 months (or when the recommendation requires it);
 * and prenatal care when the recommendation requires it. Copied into the plan when it is made.
 */
import { z } from 'zod';
import type { Requirement } from '../recommendation.js';
import type { PlanDocument, PlanNeeds } from './plan-schema.js';

/**
 * The parts of a stored assessment (`stepdown/assessment@1` or `@2`) the plan's needs come from.
 * Stored documents were checked when they were saved; this reads only what it needs and treats
 * anything else as absent.
 */
const AssessmentPartsSchema = z.object({
  ratings: z.object({ d3: z.number() }).partial().optional().catch(undefined),
  flags: z
    .object({ imminentDanger: z.boolean(), coOccurringMentalHealth: z.boolean() })
    .partial()
    .optional()
    .catch(undefined),
  facts: z
    .object({
      currentMedications: z.array(z.object({ name: z.string(), prescriber: z.string().optional() })).catch([]),
      opioidOverdosePast12Months: z.boolean(),
    })
    .partial()
    .optional()
    .catch(undefined),
});

function partsOf(assessment: unknown): z.infer<typeof AssessmentPartsSchema> {
  const parsed = AssessmentPartsSchema.safeParse(assessment);
  return parsed.success ? parsed.data : {};
}

/** The medications for addiction an assessment lists, with who prescribes or doses each. */
export function medicationsListedIn(assessment: unknown): Array<{ name: string; prescriber: string }> {
  return (partsOf(assessment).facts?.currentMedications ?? []).map((m) => ({
    name: m.name.slice(0, 200),
    prescriber: (m.prescriber ?? '').slice(0, 200),
  }));
}

/**
 * The needs of a plan made from this assessment document and the requirements its recommendation
 * states (`continue-medication`, `naloxone`, `obstetric-care`; recommendations stored before
 * requirements existed have none, and the assessment's facts still count).
 */
export function planNeedsOf(assessment: unknown, requirements: readonly Requirement[] = []): PlanNeeds {
  const parts = partsOf(assessment);
  const d3 = parts.ratings?.d3 ?? 0;
  const required = (id: Requirement['requirement']) => requirements.some((item) => item.requirement === id);
  const listed = [
    ...(parts.facts?.currentMedications ?? []).map((m) => m.name),
    ...requirements.flatMap((item) => item.medications ?? []),
  ];
  return {
    safetyPlan: d3 >= 2 || parts.flags?.imminentDanger === true || parts.flags?.coOccurringMentalHealth === true,
    medicationsForAddiction: [...new Set(listed.map((name) => name.slice(0, 200)))],
    naloxone: required('naloxone') || parts.facts?.opioidOverdosePast12Months === true,
    obstetricCare: required('obstetric-care'),
  };
}

/**
 * Whether the plan's recommendation requires that medication for opioid use disorder is not
 * tapered by default (`no-taper`, pregnancy with opioid use). Read from the reasons the plan
 * carries unchanged from the recommendation (the rule's effect `require:no-taper`), so every
 * plan@2 made from a rule set with the requirement knows it, drafts saved before this check too.
 */
export function requiresNoTaper(plan: Pick<PlanDocument, 'reasons'>): boolean {
  return plan.reasons.some((reason) => reason.effect.split('+').includes('require:no-taper'));
}
