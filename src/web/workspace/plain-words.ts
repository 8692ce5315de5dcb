/**
 * Field paths and problem messages in the words a clinician reads (issue 11, item 10). The server
 * and the finalisation checks name each problem by its JSON path (`appointments.0.startsAt`) with a
 * short message; the workspace never shows either raw: "Appointment 1, date and time: set the date
 * and time". Every field the workspace's routes accept has words here (a test walks the app's route
 * table and fails on a field without them), and option codes in messages become their labels.
 */
import { DIMENSIONS, type DimensionId } from '../../core/dimensions.js';
import {
  APPOINTMENT_KIND_LABELS,
  MEDICATION_PURPOSE_LABELS,
  NALOXONE_STATUS_LABELS,
  NO_APPOINTMENT_REASON_LABELS,
  SAFETY_TOPIC_LABELS,
  SERVICE_KIND_LABELS,
  SETTING_LABELS,
  VARIANCE_REASON_LABELS,
} from '../../core/plans/vocabulary.js';
import { REFERRAL_STATUS_LABELS } from '../../core/programs/referral.js';
import type { FieldIssue } from '../../core/validation.js';

/** Lists whose items are named one by one ("Goal 2"): the list's key, and the name of one item. */
const ITEM_WORDS: Readonly<Record<string, string>> = {
  goals: 'goal',
  therapies: 'therapy',
  services: 'service',
  supportGroups: 'support group',
  soberContacts: 'sober contact',
  peopleToCall: 'person to call',
  peopleToAsk: 'person to ask for help',
  professionals: 'professional or agency',
  warningSigns: 'warning sign',
  onMyOwn: 'thing to do on their own',
  peopleAndPlaces: 'person or place that helps',
  saferSurroundings: 'step to make surroundings safer',
  triggers: 'trigger',
  copingSteps: 'coping step',
  medications: 'medication',
  currentMedications: 'current medication',
  appointments: 'appointment',
  reasons: 'reason',
  sources: 'source',
  sequence: 'step of care',
  substances: 'substance',
  topics: 'safety topic',
  tracks: 'session track',
  slots: 'session time',
  items: 'item',
  instruments: 'questionnaire',
  answers: 'answer',
  languages: 'language',
  populations: 'group served',
  payment: 'way to pay',
  acknowledgements: 'acknowledgement',
  versions: 'version',
  amends: 'amendment',
  notADuplicateOf: 'client it is not the same as',
  acceptedSuggestions: 'suggestion taken',
};

/** A list as a whole ("Appointments: add an appointment ..."). */
const LIST_WORDS: Readonly<Record<string, string>> = {
  goals: 'goals and follow-up',
  therapies: 'therapies',
  services: 'services',
  supportGroups: 'support groups',
  soberContacts: 'sober contacts',
  peopleToCall: 'people to call',
  peopleToAsk: 'people to ask for help',
  professionals: 'professionals and agencies',
  warningSigns: 'warning signs',
  onMyOwn: 'things to do on their own',
  peopleAndPlaces: 'people and places that help',
  saferSurroundings: 'steps to make surroundings safer',
  triggers: 'triggers',
  copingSteps: 'coping steps',
  medications: 'medications',
  currentMedications: 'current medications',
  appointments: 'appointments',
  reasons: 'reasons',
  sources: 'sources',
  sequence: 'steps of care',
  substances: 'substances',
  topics: 'safety topics',
  tracks: 'session tracks',
  slots: 'session times',
  items: 'items',
  instruments: 'questionnaires',
  answers: 'answers',
  languages: 'languages',
  populations: 'groups served',
  payment: 'ways to pay',
  acknowledgements: 'acknowledgements',
  versions: 'versions',
  amends: 'amendments',
  notADuplicateOf: 'clients it is not the same as',
  acceptedSuggestions: 'suggestions taken',
};

/** The words for every other field, as they read after a comma ("Appointment 1, date and time"). */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  // People and accounts
  displayName: 'name',
  name: 'name',
  email: 'email',
  password: 'password',
  role: 'role',
  disabled: 'whether the account is disabled',
  code: 'link code',
  externalRef: 'record number',
  birthDate: 'date of birth',
  birthYear: 'year of birth',
  preferredLanguage: 'language',
  language: 'language',
  lang: 'language',
  timeZone: 'time zone',
  phone: 'phone',
  address: 'address',
  website: 'website',
  intakePhone: 'intake phone',
  street1: 'street',
  street2: 'street, second line',
  city: 'city',
  state: 'state',
  zip: 'ZIP code',
  lat: 'latitude',
  lon: 'longitude',
  approximate: 'whether the place is approximate',
  location: 'location',
  contact: 'contact details',
  // The assessment
  schema: 'document version',
  population: 'age group',
  ratings: 'ratings',
  flags: 'flags',
  facts: 'clinical facts',
  notes: 'notes',
  imminentDanger: 'imminent danger',
  withdrawalRisk: 'withdrawal risk',
  intoxicated: 'intoxicated now',
  needs24HourStructure: 'needs 24-hour structure',
  coOccurringMentalHealth: 'mental health condition alongside',
  homeResponsibilities: 'work, school or caregiving',
  unsafeHousing: 'no safe home',
  opioidOverdosePast12Months: 'opioid overdose in the past year',
  overdoseCount: 'number of overdoses',
  withdrawalSeizureOrDeliriumHistory: 'past withdrawal seizures or delirium',
  pregnant: 'pregnancy',
  ageYears: 'age',
  withdrawalScale: 'withdrawal scale',
  scale: 'scale',
  score: 'score',
  sex: 'sex',
  // The plan
  assessment: 'assessment',
  assessmentId: 'assessment',
  ruleset: 'rule set',
  id: 'identifier',
  version: 'version',
  hash: 'fingerprint',
  recommendedSetting: 'recommended level of care',
  recommendedWithRecoveryResidence: 'recommended recovery residence',
  recommendedHoursPerWeek: 'recommended hours a week',
  min: 'lowest',
  max: 'highest',
  withdrawalManagement: 'recommended withdrawal management',
  selectedWithdrawalManagement: 'withdrawal management chosen',
  withdrawalVariance: 'withdrawal management',
  urgent: 'urgent',
  selectedSetting: 'level of care chosen',
  selectedWithRecoveryResidence: 'recovery residence',
  withRecoveryResidence: 'recovery residence',
  variance: 'level of care',
  reason: 'reason',
  otherText: 'other reason',
  narrative: 'explanation',
  text: 'wording',
  measure: 'how progress is measured',
  targetDate: 'target date',
  template: 'template',
  kind: 'kind',
  frequency: 'how often',
  provider: 'provider',
  relationship: 'relationship',
  when: 'when',
  where: 'where',
  by: 'who did it',
  outcome: 'outcome',
  relapsePrevention: 'relapse prevention',
  safety: 'safety block',
  naloxone: 'naloxone',
  medication: 'medication for opioid or alcohol use disorder',
  reassessBy: 'reassess by',
  dischargeDate: 'discharge date',
  urgentEvaluation: 'urgent evaluation',
  noAppointmentReason: 'why there is no appointment',
  safetyPlan: 'safety plan',
  needs: 'what the assessment asks of the plan',
  medicationsForAddiction: 'medications for addiction listed',
  obstetricCare: 'prenatal care',
  newerAssessment: 'newer assessment',
  confirmedNewerAssessment: 'confirmation about the newer assessment',
  attestation: 'attestation',
  dose: 'dose',
  for: 'what it is for',
  prescriber: 'prescriber or dosing clinic',
  lastDose: 'last dose',
  bridgeSupplyUntil: 'supply lasts until',
  course: 'after discharge',
  courseReason: 'clinical reason',
  goalId: 'goal',
  met: 'whether the goal is met',
  clinician: 'clinician',
  with: 'with',
  startsAt: 'date and time',
  referralId: 'referral',
  step: 'step',
  setting: 'setting',
  medicallyMonitored: 'medical monitoring',
  rule: 'rule',
  dimension: 'dimension',
  effect: 'effect',
  clientText: 'words for the client',
  'derived-from': 'where it comes from',
  finalizationProblems: 'finalisation problems',
  finalizedAt: 'finalised at',
  finalizedBy: 'finalised by',
  latestFinalVersion: 'latest finalised version',
  createdAt: 'created at',
  createdBy: 'created by',
  // Consents, sharing, referrals
  planId: 'plan',
  scope: 'what is shared',
  consentType: 'kind of consent',
  patientName: 'client’s name',
  discloser: 'who shares it',
  recipient: 'recipient',
  purpose: 'purpose',
  expiresOn: 'end date',
  revocation: 'how to revoke',
  signature: 'signature',
  signedBy: 'signed by',
  representativeAuthority: 'representative’s authority',
  signedOn: 'date signed',
  consent: 'consent',
  audience: 'who the PDF is for',
  programId: 'program',
  status: 'status',
  note: 'note',
  effectiveOn: 'day it happened',
  appointment: 'appointment',
  // Programs
  acceptingNewClients: 'accepting new clients',
  acceptsMoudFromElsewhere: 'accepts medication started elsewhere',
  value: 'value',
  confirmedAt: 'date confirmed',
  typicalDurationWeeks: 'usual length in weeks',
  coOccurring: 'treats mental health conditions too',
  telehealth: 'telehealth',
  moud: 'medication for opioid use disorder',
  audMedication: 'medication for alcohol use disorder',
  familyCounselling: 'family counselling',
  caseManagement: 'case management',
  childCare: 'child care',
  psychiatricCare: 'psychiatric care',
  recoveryHousing: 'recovery housing',
  transportHelp: 'help with transport',
  vocationalHelp: 'help with work',
  medicationFor: 'medication for',
  day: 'day',
  start: 'start time',
  end: 'end time',
  details: 'details',
  // Measures and check-ins
  instrument: 'questionnaire',
  takenAt: 'date taken',
  everyDays: 'every how many days',
  expiresInHours: 'hours the link works',
  // Lists and filters
  q: 'search',
  archived: 'archived clients',
  cursor: 'page',
  limit: 'number per page',
  offset: 'where the page starts',
  clientId: 'client',
  actorUserId: 'user',
  action: 'action',
  from: 'from',
  to: 'to',
  since: 'since',
  // Headers
  'if-match': 'version you edited',
  'content-type': 'kind of data sent',
  'content-length': 'size of data sent',
};

/** The key of an item of a list, as in "appointments.0". */
const INDEX = /^\d+$/;

function words(key: string): string {
  const dimension = DIMENSIONS[key as DimensionId];
  if (dimension) return dimension.name.toLowerCase();
  const known = FIELD_WORDS[key] ?? LIST_WORDS[key];
  if (known) return known;
  // A field this table does not know yet (a test makes sure none of the workspace's does): its key
  // split into words, never shown as code.
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_.]+/g, ' ')
    .toLowerCase();
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A field path in words: `appointments.0.startsAt` is "Appointment 1, date and time". */
export function fieldName(path: string): string {
  if (path === '(root)' || path === '') return 'The form';
  const segments = path.split('.');
  const parts: string[] = [];
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index] ?? '';
    const next = segments[index + 1];
    const item = ITEM_WORDS[segment];
    if (item && next !== undefined && INDEX.test(next)) {
      parts.push(`${item} ${Number(next) + 1}`);
      index += 1;
    } else if (INDEX.test(segment)) {
      parts.push(`number ${Number(segment) + 1}`);
    } else {
      parts.push(words(segment));
    }
  }
  // "Ratings, intoxication and withdrawal" reads as "Intoxication and withdrawal" alone.
  const shown = parts.length > 1 && (segments[0] === 'ratings' || segments[0] === 'flags') ? parts.slice(1) : parts;
  return capitalised(shown.join(', '));
}

/** Every option code of the plan's vocabulary with its label, for messages that quote one. */
const OPTION_LABELS: ReadonlyMap<string, string> = new Map(
  [
    APPOINTMENT_KIND_LABELS,
    MEDICATION_PURPOSE_LABELS,
    NALOXONE_STATUS_LABELS,
    NO_APPOINTMENT_REASON_LABELS,
    SAFETY_TOPIC_LABELS,
    SERVICE_KIND_LABELS,
    SETTING_LABELS,
    VARIANCE_REASON_LABELS,
    REFERRAL_STATUS_LABELS,
  ].flatMap((labels) => Object.entries(labels as Readonly<Record<string, string>>)),
);

const DAY_FORMAT = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** A problem message in words: option codes become their labels, the validator's terms plain ones. */
export function plainMessage(message: string): string {
  if (message === 'required') return 'fill this in';
  if (message === 'unknown field') return 'this page sent something the server does not expect; reload the page';
  // "must be one of "op", "iop"": the choices are on the screen, by their labels.
  if (/^must be one of /.test(message)) return 'choose one of the options offered';
  return message
    .replace(/"([^"]+)"/g, (quoted, value: string) => {
      const label = OPTION_LABELS.get(value);
      return label ? `“${label}”` : quoted;
    })
    .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (day: string) => DAY_FORMAT.format(new Date(`${day}T12:00:00Z`)))
    .replace(/\bmust be a valid (?:iso)?date(?:time)?\b/gi, 'must be a real date')
    .replace(/\bmust be a valid uuid\b/gi, 'must be chosen from the list')
    .replace(/\bmust be text, not null\b/g, 'fill this in')
    .replace(/, not (?:a |an )?(?:number|boolean|list|object|null|text)\b/g, '');
}

/** A problem in words, naming its field: "Appointment 1, date and time: set the date and time". */
export function plainIssue(issue: FieldIssue): string {
  return `${fieldName(issue.path)}: ${plainMessage(issue.message)}`;
}

/** Whether a field's key has words of its own here (the test of the route table asks it). */
export function hasWords(key: string): boolean {
  return key in FIELD_WORDS || (key in ITEM_WORDS && key in LIST_WORDS) || key in DIMENSIONS;
}
