/**
 * The ordered steps of care a recommendation gives (DESIGN.md 4.2 `sequence`): urgent evaluation
 * alone; withdrawal management in a 24-hour setting, then the level of care; or the level of care
 * alone. The first step leads the plan, its PDFs and the client's link.
 */
import { z } from 'zod';
import { SETTINGS } from '../settings.js';

const setting = z.enum(SETTINGS as ['op', 'iop', 'php', 'residential', 'inpatient']);

export const CareStepSchema = z.discriminatedUnion('step', [
  z.strictObject({ step: z.literal('urgent-evaluation') }),
  z.strictObject({
    step: z.literal('withdrawal-management'),
    setting: z.enum(['ambulatory', 'residential', 'inpatient']),
    medicallyMonitored: z.boolean(),
  }),
  z.strictObject({ step: z.literal('level-of-care'), setting, withRecoveryResidence: z.boolean() }),
]);

export type CareStep = z.infer<typeof CareStepSchema>;

/** The recommendation fields a plan carries from which a sequence follows. */
export interface SequenceFields {
  urgent: boolean;
  recommendedSetting: z.infer<typeof setting> | 'urgent-evaluation';
  recommendedWithRecoveryResidence: boolean;
  withdrawalManagement: 'none' | 'ambulatory' | 'residential' | 'inpatient';
}

/**
 * The sequence of a recommendation that does not carry one (plan@1 versions, recommendations stored
 * before `sequence` existed). Withdrawal management in a 24-hour setting comes first; it came from
 * the withdrawal-risk gate or a d1 of 3 (risk of severe or complicated withdrawal), so it is read as
 * medically monitored: saying otherwise could send someone to care without medical staff.
 * Ambulatory withdrawal management happens alongside outpatient care and is not a step of its own.
 */
export function sequenceFromFields(fields: SequenceFields): CareStep[] {
  if (fields.urgent || fields.recommendedSetting === 'urgent-evaluation') return [{ step: 'urgent-evaluation' }];
  const levelOfCare: CareStep = {
    step: 'level-of-care',
    setting: fields.recommendedSetting,
    withRecoveryResidence: fields.recommendedWithRecoveryResidence,
  };
  if (fields.withdrawalManagement === 'residential' || fields.withdrawalManagement === 'inpatient') {
    return [
      { step: 'withdrawal-management', setting: fields.withdrawalManagement, medicallyMonitored: true },
      levelOfCare,
    ];
  }
  return [levelOfCare];
}

/**
 * The recommendation's own `sequence` when it has one that reads as care steps, else the sequence
 * that follows from its other fields.
 */
export function sequenceOf(recommendation: unknown, fields: SequenceFields): CareStep[] {
  const own =
    typeof recommendation === 'object' && recommendation !== null && 'sequence' in recommendation
      ? z.array(CareStepSchema).min(1).safeParse(recommendation.sequence)
      : undefined;
  return own?.success ? own.data : sequenceFromFields(fields);
}

const WITHDRAWAL_SETTING_LABELS = {
  ambulatory: 'ambulatory (outpatient)',
  residential: 'residential (24-hour)',
  inpatient: 'inpatient (hospital)',
} as const;

const LEVEL_LABELS = {
  op: 'outpatient (OP)',
  iop: 'intensive outpatient (IOP)',
  php: 'partial hospitalization (PHP)',
  residential: 'residential',
  inpatient: 'medically managed inpatient',
} as const;

/** One step of care in clinician words ("Withdrawal management, residential (24-hour), medically monitored"). */
export function describeStep(step: CareStep): string {
  switch (step.step) {
    case 'urgent-evaluation':
      return 'Urgent evaluation today (imminent danger, intoxication or medical instability), before any level of care';
    case 'withdrawal-management':
      return `Withdrawal management, ${WITHDRAWAL_SETTING_LABELS[step.setting]}${step.medicallyMonitored ? ', medically monitored' : ''}`;
    case 'level-of-care':
      return `Level of care: ${LEVEL_LABELS[step.setting]}${step.withRecoveryResidence ? ' with a recovery residence' : ''}`;
  }
}
