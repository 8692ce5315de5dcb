/**
 * The ordered steps of care a recommendation gives (DESIGN.md 4.2 `sequence`): urgent evaluation
 * alone; withdrawal management in a 24-hour setting, then the level of care; or the level of care
 * alone. The first step leads the plan, its PDFs and the client's link. The schema is the
 * recommendation's; this module derives a sequence for plan@1 versions and words a step.
 */
import { type SequenceStep, SequenceStepSchema } from '../recommendation.js';

/** A step of care as the recommendation gives it (`sequence`, DESIGN.md 4.2). */
export const CareStepSchema = SequenceStepSchema;
export type CareStep = SequenceStep;

/** The recommendation fields a plan carries from which a sequence follows. */
export interface SequenceFields {
  urgent: boolean;
  recommendedSetting: 'op' | 'iop' | 'php' | 'residential' | 'inpatient' | 'urgent-evaluation';
  recommendedWithRecoveryResidence: boolean;
  withdrawalManagement: 'none' | 'ambulatory' | 'residential' | 'inpatient';
}

/**
 * The sequence of a plan@1 version, which carried no `sequence`: derived from its recommendation
 * fields as the engine derives one for a recommendation stored before `sequence` existed
 * (`sequenceOf` in recommendation.ts). Rule sets of the time required medical monitoring of nothing
 * but inpatient care, so that is all a derived step says.
 */
export function sequenceFromFields(fields: SequenceFields): CareStep[] {
  if (fields.urgent || fields.recommendedSetting === 'urgent-evaluation') return [{ step: 'urgent-evaluation' }];
  const setting = fields.recommendedSetting;
  const withRecoveryResidence = fields.recommendedWithRecoveryResidence;
  const care: CareStep =
    setting === 'residential' || setting === 'inpatient'
      ? { step: 'level-of-care', setting, withRecoveryResidence, medicallyMonitored: setting === 'inpatient' }
      : { step: 'level-of-care', setting, withRecoveryResidence };
  const withdrawal = fields.withdrawalManagement;
  if (withdrawal === 'residential' || withdrawal === 'inpatient') {
    return [
      { step: 'withdrawal-management', setting: withdrawal, medicallyMonitored: withdrawal === 'inpatient' },
      care,
    ];
  }
  return [care];
}

const WITHDRAWAL_SETTING_LABELS = {
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
      return `Level of care: ${LEVEL_LABELS[step.setting]}${step.withRecoveryResidence ? ' with a recovery residence' : ''}${step.medicallyMonitored ? ', medically monitored' : ''}`;
  }
}
