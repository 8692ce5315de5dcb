/**
 * The coded lists of the discharge plan: why a selected setting differs from the recommended one,
 * the services a plan can arrange, the parts of the overdose-safety block, and the goal templates.
 * Codes are stable identifiers stored in plans; wording lives beside them in `words.ts`.
 */

/**
 * Reasons for a variance between the recommended and the selected setting (domain brief 1.8 and
 * REQ-R7: the California county forms' list, with a waitlist and clinician judgement as their own
 * codes). `other` needs a few words of its own.
 */
export const VARIANCE_REASONS = [
  'service-not-available',
  'waitlist',
  'client-preference',
  'transportation',
  'accessibility',
  'cost-or-coverage',
  'language-or-culture',
  'environment',
  'mental-health',
  'physical-health',
  'court-ordered',
  'clinician-judgement',
  'other',
] as const;
export type VarianceReason = (typeof VARIANCE_REASONS)[number];

/** Clinician-facing names of the variance reasons. */
export const VARIANCE_REASON_LABELS: Readonly<Record<VarianceReason, string>> = {
  'service-not-available': 'Service not available',
  waitlist: 'Waitlist',
  'client-preference': 'Client preference',
  transportation: 'Transportation',
  accessibility: 'Accessibility',
  'cost-or-coverage': 'Cost or coverage',
  'language-or-culture': 'Language or culture',
  environment: 'Environment',
  'mental-health': 'Mental health',
  'physical-health': 'Physical health',
  'court-ordered': 'Court or probation ordered',
  'clinician-judgement': 'Clinician judgement',
  other: 'Other',
};

/** Services a plan can arrange besides its therapies (product anchors 5.8). */
export const SERVICE_KINDS = [
  'family-counselling',
  'psychiatric-follow-up',
  'medication',
  'case-management',
  'vocational',
  'other',
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** What a medication service treats; medication for opioid or alcohol use disorder is named as such. */
export const MEDICATION_PURPOSES = ['opioid-use-disorder', 'alcohol-use-disorder', 'other'] as const;
export type MedicationPurpose = (typeof MEDICATION_PURPOSES)[number];

/** What happens to a medicine after discharge: it continues (the default), is tapered, or is stopped. */
export const MEDICATION_COURSES = ['continue', 'taper', 'stop'] as const;
export type MedicationCourse = (typeof MEDICATION_COURSES)[number];

/**
 * The four parts of the overdose-safety block (REQ-S3). Every finalised plan carries all four; the
 * wording of each, in English and Spanish, comes from `safety.ts`.
 */
export const SAFETY_TOPICS = ['lowered-tolerance', 'naloxone', 'never-use-alone', 'crisis-lines'] as const;
export type SafetyTopic = (typeof SAFETY_TOPICS)[number];

/** Whether the client has naloxone; `not-asked` blocks finalising. */
export const NALOXONE_STATUSES = ['has-kit', 'will-get', 'declined', 'not-asked'] as const;
export type NaloxoneStatus = (typeof NALOXONE_STATUSES)[number];

/** The plan for medication for opioid or alcohol use disorder (REQ-S3); `not-asked` blocks finalising. */
export const MEDICATION_PLAN_STATUSES = [
  'taking',
  'starting',
  'referred',
  'declined',
  'not-needed',
  'not-asked',
] as const;
export type MedicationPlanStatus = (typeof MEDICATION_PLAN_STATUSES)[number];

/** The usual goals of an intensive outpatient plan, each a template the clinician edits. */
export const GOAL_TEMPLATE_IDS = [
  'communication',
  'staying-abstinent',
  'sober-network',
  'problem-solving',
  'behaviour-change',
  'coping-with-stress',
  'relationships',
] as const;
export type GoalTemplateId = (typeof GOAL_TEMPLATE_IDS)[number];

/** Languages of client-facing plan text. */
export const PLAN_LANGUAGES = ['en', 'es'] as const;
export type PlanLanguage = (typeof PLAN_LANGUAGES)[number];

/** Clinician-facing names of the settings a plan can name. */
export const SETTING_LABELS: Readonly<
  Record<'op' | 'iop' | 'php' | 'residential' | 'inpatient' | 'urgent-evaluation', string>
> = {
  op: 'Outpatient (OP)',
  iop: 'Intensive outpatient (IOP)',
  php: 'Partial hospitalization (PHP)',
  residential: 'Residential',
  inpatient: 'Medically managed inpatient',
  'urgent-evaluation': 'Urgent evaluation',
};

/** Clinician-facing names of the services. */
export const SERVICE_KIND_LABELS: Readonly<Record<ServiceKind, string>> = {
  'family-counselling': 'Family counselling',
  'psychiatric-follow-up': 'Psychiatric follow-up',
  medication: 'Medication',
  'case-management': 'Case management',
  vocational: 'Vocational help',
  other: 'Other service',
};

export const MEDICATION_PURPOSE_LABELS: Readonly<Record<MedicationPurpose, string>> = {
  'opioid-use-disorder': 'medication for opioid use disorder (MOUD)',
  'alcohol-use-disorder': 'medication for alcohol use disorder (MAUD)',
  other: 'other medication',
};

export const MEDICATION_COURSE_LABELS: Readonly<Record<MedicationCourse, string>> = {
  continue: 'Continues',
  taper: 'Tapered (the dose goes down to stop)',
  stop: 'Stopped',
};

export const SAFETY_TOPIC_LABELS: Readonly<Record<SafetyTopic, string>> = {
  'lowered-tolerance': 'Lowered tolerance after treatment',
  naloxone: 'Naloxone and how to use it',
  'never-use-alone': 'Never using alone',
  'crisis-lines': 'Crisis numbers (988, 911, SAMHSA Helpline)',
};

export const NALOXONE_STATUS_LABELS: Readonly<Record<NaloxoneStatus, string>> = {
  'has-kit': 'Has naloxone',
  'will-get': 'Will get naloxone',
  declined: 'Declined naloxone',
  'not-asked': 'Not asked yet',
};

export const MEDICATION_PLAN_STATUS_LABELS: Readonly<Record<MedicationPlanStatus, string>> = {
  taking: 'Taking MOUD/MAUD',
  starting: 'Starting MOUD/MAUD',
  referred: 'Referred for MOUD/MAUD',
  declined: 'Declined MOUD/MAUD',
  'not-needed': 'Not needed',
  'not-asked': 'Not asked yet',
};

/** What a dated appointment after discharge is for. */
export const APPOINTMENT_KINDS = [
  'urgent-evaluation',
  'withdrawal-management',
  'program-intake',
  'medication',
  'mental-health',
  'primary-care',
  'prenatal-care',
  'other',
] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];

export const APPOINTMENT_KIND_LABELS: Readonly<Record<AppointmentKind, string>> = {
  'urgent-evaluation': 'Urgent evaluation',
  'withdrawal-management': 'Withdrawal management',
  'program-intake': 'Program intake (first session)',
  medication: 'Medication visit or dosing',
  'mental-health': 'Mental health',
  'primary-care': 'Primary care',
  'prenatal-care': 'Prenatal (obstetric) care',
  other: 'Other',
};

/**
 * Why a plan has no appointment within 7 days of discharge. The first week is when a missed start
 * does most harm, so the plan says why when there is none.
 */
export const NO_APPOINTMENT_REASONS = [
  'client-declined',
  'program-will-call',
  'no-opening-within-7-days',
  'continuing-with-current-provider',
  'moving-away',
  'other',
] as const;
export type NoAppointmentReason = (typeof NO_APPOINTMENT_REASONS)[number];

export const NO_APPOINTMENT_REASON_LABELS: Readonly<Record<NoAppointmentReason, string>> = {
  'client-declined': 'Client declined an appointment',
  'program-will-call': 'The program will call the client to set a time',
  'no-opening-within-7-days': 'No opening within 7 days (earliest booked later)',
  'continuing-with-current-provider': 'Continuing with a current provider (already scheduled)',
  'moving-away': 'Client is moving away; care arranged there',
  other: 'Other',
};
