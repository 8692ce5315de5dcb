/**
 * A finalised plan as the client (or a consented recipient) reads it: sections of plain text in
 * English or Spanish, cut to a disclosure scope. The share page, the client PDF and the recipient's
 * page all render this one view, so what each shows is decided here, once, and tested here.
 *
 * The next step leads with the first step of the care sequence: urgent evaluation, or withdrawal
 * care in a 24-hour setting before the level of care (never "you live at home" beside it).
 *
 * Scopes (what a Part 2 consent can name, see consent.ts):
 * - `full-plan`: everything the client sees of their own plan: appointments (where, when, the phone
 *   as a link, what to bring), medicines with the supply given at discharge, and the safety plan.
 *   What could change the plan, when it follows the recommendation (client-changes.ts).
 * - `plan-summary`: the next step in care and the check-in date, the goals, the support groups and
 *   the safety information. No reasons, no treatment services or medicines, no contacts' details,
 *   no relapse-prevention plan and no notes.
 */
import type { WhatWouldChange } from '../recommendation.js';
import { CHANGE_WORDS, clientChanges } from './client-changes.js';
import { decidingReasons, VARIANCE_CLIENT_WORDS } from './client-reasons.js';
import { clientReason } from './reasons-es.js';
import { type Appointment, selectionDiffers, type PlanDocument } from './plan-schema.js';
import { SAFETY_TEXT } from './safety.js';
import type { ConsentScope } from './consent.js';
import { SAFETY_TOPICS, type PlanLanguage } from './vocabulary.js';
import { formatLocalDateTime, type StepWords, telOf, TRANSITION_WORDS } from './transition-words.js';
import { formatPlanDate, PLAN_WORDS, settingPhrase } from './words.js';

/** One line of a card; `tel` is the `tel:` link of a phone number. */
export interface CardRow {
  label: string;
  text: string;
  tel?: string;
}

export type ClientBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'steps'; intro: string; items: string[] }
  | { kind: 'card'; title: string; rows: CardRow[] };

export const CLIENT_SECTION_IDS = [
  'next-step',
  'appointments',
  'medicines',
  'why',
  'changes',
  'goals',
  'care',
  'support',
  'relapse',
  'safety-plan',
  'safety',
] as const;
export type ClientSectionId = (typeof CLIENT_SECTION_IDS)[number];

export interface ClientSection {
  id: ClientSectionId;
  heading: string;
  blocks: ClientBlock[];
}

export interface ClientPlanView {
  language: PlanLanguage;
  scope: ConsentScope;
  title: string;
  sections: ClientSection[];
}

/** Which sections each scope shows. The safety section is in every scope. */
export const SCOPE_SECTIONS: Readonly<Record<ConsentScope, readonly ClientSectionId[]>> = {
  'full-plan': CLIENT_SECTION_IDS,
  'plan-summary': ['next-step', 'goals', 'support', 'safety'],
};

const joinParts = (parts: readonly string[]): string => parts.filter((part) => part.trim() !== '').join(' - ');

/**
 * The withdrawal care chosen, when it comes first (a 24-hour setting), in the client's words. It is
 * medically monitored when the recommendation's sequence says so or it is in a hospital.
 */
function withdrawalFirst(plan: PlanDocument, language: PlanLanguage): StepWords | undefined {
  const words = TRANSITION_WORDS[language].withdrawal;
  const chosen = plan.selectedWithdrawalManagement;
  if (chosen === 'inpatient') return words.inpatient;
  if (chosen !== 'residential') return undefined;
  const monitored = plan.sequence.some((step) => step.step === 'withdrawal-management' && step.medicallyMonitored);
  return monitored ? words.residentialMonitored : words.residential;
}

function recommendedWithdrawalFirst(plan: PlanDocument, language: PlanLanguage): StepWords | undefined {
  const step = plan.sequence.find((item) => item.step === 'withdrawal-management');
  if (step?.step !== 'withdrawal-management' || step.setting === plan.selectedWithdrawalManagement) return undefined;
  const words = TRANSITION_WORDS[language].withdrawal;
  if (step.setting === 'inpatient') return words.inpatient;
  return step.medicallyMonitored ? words.residentialMonitored : words.residential;
}

function nextStep(plan: PlanDocument, language: PlanLanguage): ClientBlock[] {
  const words = PLAN_WORDS[language];
  const transition = TRANSITION_WORDS[language];
  const chosen = settingPhrase(plan.selectedSetting, plan.selectedWithRecoveryResidence, language);
  const blocks: ClientBlock[] = [];
  const urgentFirst = plan.sequence[0]?.step === 'urgent-evaluation' && plan.selectedSetting !== 'urgent-evaluation';
  const withdrawal = withdrawalFirst(plan, language);
  if (urgentFirst) {
    // The urgent check comes first even once it has happened: the rest of the plan follows from it.
    const urgent = words.settings['urgent-evaluation'];
    blocks.push({ kind: 'paragraph', text: transition.first(urgent.name) }, { kind: 'paragraph', text: urgent.what });
  }
  if (withdrawal) {
    blocks.push(
      { kind: 'paragraph', text: transition.first(withdrawal.name) },
      { kind: 'paragraph', text: withdrawal.what },
      { kind: 'paragraph', text: transition.afterThat(chosen) },
    );
  } else if (urgentFirst) {
    blocks.push({ kind: 'paragraph', text: transition.afterThat(chosen) });
  } else {
    blocks.push(
      { kind: 'paragraph', text: words.phrases.youChose(chosen) },
      { kind: 'paragraph', text: words.settings[plan.selectedSetting].what },
    );
  }
  if (plan.selectedWithdrawalManagement === 'ambulatory') {
    // Outpatient withdrawal care goes along with the level of care; it is not a step before it.
    const ambulatory = transition.withdrawal.ambulatory;
    blocks.push({ kind: 'paragraph', text: `${ambulatory.name}. ${ambulatory.what}` });
  }
  const skipped = recommendedWithdrawalFirst(plan, language);
  if (skipped) blocks.push({ kind: 'paragraph', text: transition.recommendedFirst(skipped.name) });
  if (selectionDiffers(plan)) {
    blocks.push({
      kind: 'paragraph',
      text: words.phrases.recommendedWas(
        settingPhrase(plan.recommendedSetting, plan.recommendedWithRecoveryResidence, language),
      ),
    });
  }
  if (plan.reassessBy !== null) {
    blocks.push({ kind: 'paragraph', text: words.phrases.checkIn(formatPlanDate(plan.reassessBy, language)) });
  }
  return blocks;
}

function appointmentCard(appointment: Appointment, language: PlanLanguage, bring: string): ClientBlock {
  const words = TRANSITION_WORDS[language];
  const rows: CardRow[] = [];
  if (appointment.startsAt !== null) {
    rows.push({ label: words.when, text: formatLocalDateTime(appointment.startsAt, language) });
  }
  if (appointment.address.trim() !== '') rows.push({ label: words.where, text: appointment.address });
  if (appointment.phone.trim() !== '') {
    rows.push({ label: words.phone, text: appointment.phone, tel: telOf(appointment.phone) });
  }
  rows.push({ label: words.bring, text: bring });
  const kind = words.appointmentKinds[appointment.kind];
  return { kind: 'card', title: appointment.with.trim() === '' ? kind : `${kind}: ${appointment.with}`, rows };
}

function appointments(plan: PlanDocument, language: PlanLanguage): ClientBlock[] {
  const words = TRANSITION_WORDS[language];
  const bring = plan.medications.length > 0 ? `${words.bringList} ${words.bringMedicines}` : words.bringList;
  const sorted = [...plan.appointments].sort((a, b) => (a.startsAt ?? '9999').localeCompare(b.startsAt ?? '9999'));
  const blocks = sorted.map((appointment) => appointmentCard(appointment, language, bring));
  if (plan.noAppointmentReason !== null) {
    blocks.push({ kind: 'paragraph', text: words.noAppointment[plan.noAppointmentReason.reason] });
  }
  return blocks;
}

function medicines(plan: PlanDocument, language: PlanLanguage): ClientBlock[] {
  const words = TRANSITION_WORDS[language];
  return plan.medications.map((medication): ClientBlock => {
    const rows: CardRow[] = [];
    if (medication.dose.trim() !== '') rows.push({ label: words.dose, text: medication.dose });
    if (medication.prescriber.trim() !== '') rows.push({ label: words.from, text: medication.prescriber });
    if (medication.lastDose !== null) {
      rows.push({ label: words.lastDose, text: formatLocalDateTime(medication.lastDose, language) });
    }
    if (medication.bridgeSupplyUntil !== null) {
      rows.push({ label: '', text: words.bridge(formatPlanDate(medication.bridgeSupplyUntil, language)) });
    }
    // A taper or a stop is the client's to know; the clinical reason stays in the clinical record.
    if (medication.course === 'taper' || medication.course === 'stop') {
      rows.push({ label: '', text: words.course[medication.course] });
    }
    return { kind: 'card', title: medication.name, rows };
  });
}

function safetyPlan(plan: PlanDocument, language: PlanLanguage): ClientBlock[] {
  const parts = plan.safetyPlan;
  if (parts === null) return [];
  const words = TRANSITION_WORDS[language].safetyPlan;
  const blocks: ClientBlock[] = [];
  const add = (heading: string, items: string[]) => {
    const kept = items.filter((item) => item.trim() !== '');
    if (kept.length > 0) blocks.push({ kind: 'subheading', text: heading }, { kind: 'list', items: kept });
  };
  add(words.warningSigns, parts.warningSigns);
  add(words.onMyOwn, parts.onMyOwn);
  add(words.peopleAndPlaces, parts.peopleAndPlaces);
  add(
    words.peopleToAsk,
    parts.peopleToAsk.map((person) => joinParts([person.name, person.phone])),
  );
  add(
    words.professionals,
    parts.professionals.map((person) => joinParts([person.name, person.phone])),
  );
  add(words.saferSurroundings, parts.saferSurroundings);
  return blocks.length === 0 ? [] : [{ kind: 'paragraph', text: words.intro }, ...blocks];
}

function why(plan: PlanDocument, language: PlanLanguage): ClientBlock[] {
  // Only the rules that decided the step the client is in (client-reasons.ts); two rules can share
  // a client sentence, and the client reads it once.
  const items = [...new Set(decidingReasons(plan.reasons, plan).map((entry) => clientReason(entry, language)))];
  // When the chosen setting differs, the clinician's coded reason, in the client's words.
  if (selectionDiffers(plan) && plan.variance !== null)
    items.push(VARIANCE_CLIENT_WORDS[language][plan.variance.reason]);
  return items.length === 0 ? [] : [{ kind: 'list', items }];
}

function goals(plan: PlanDocument, language: PlanLanguage): ClientBlock[] {
  const words = PLAN_WORDS[language];
  return plan.goals.flatMap((goal): ClientBlock[] => [
    { kind: 'subheading', text: goal.text },
    ...(goal.measure.trim() === ''
      ? []
      : [{ kind: 'paragraph' as const, text: `${words.phrases.howYouWillKnow}: ${goal.measure}` }]),
    ...(goal.targetDate === null
      ? []
      : [{ kind: 'paragraph' as const, text: words.phrases.by(formatPlanDate(goal.targetDate, language)) }]),
  ]);
}

function care(plan: PlanDocument, language: PlanLanguage): ClientBlock[] {
  const words = PLAN_WORDS[language];
  const blocks: ClientBlock[] = [];
  if (plan.therapies.length > 0) {
    blocks.push({ kind: 'subheading', text: words.phrases.therapies });
    blocks.push({
      kind: 'list',
      items: plan.therapies.map((therapy) => joinParts([therapy.name, therapy.frequency, therapy.provider])),
    });
  }
  if (plan.services.length > 0) {
    blocks.push({
      kind: 'list',
      items: plan.services.map((service) => {
        const name =
          service.kind === 'medication' && service.medicationFor !== null
            ? `${words.services.medication} (${words.medicationFor[service.medicationFor]})`
            : words.services[service.kind];
        return joinParts([name, service.details, service.provider, service.appointment]);
      }),
    });
  }
  return blocks;
}

function support(plan: PlanDocument, language: PlanLanguage, scope: ConsentScope): ClientBlock[] {
  const words = PLAN_WORDS[language];
  const blocks: ClientBlock[] = [];
  if (plan.supportGroups.length > 0) {
    blocks.push({ kind: 'subheading', text: words.phrases.supportGroups });
    blocks.push({
      kind: 'list',
      items: plan.supportGroups.map((group) => joinParts([group.name, group.when, group.where])),
    });
  }
  // Contacts are other people's details: only the full plan carries them.
  if (scope === 'full-plan' && plan.soberContacts.length > 0) {
    blocks.push({ kind: 'subheading', text: words.phrases.soberContacts });
    blocks.push({
      kind: 'list',
      items: plan.soberContacts.map((contact) => joinParts([contact.name, contact.relationship, contact.phone])),
    });
  }
  return blocks;
}

function relapse(plan: PlanDocument, language: PlanLanguage): ClientBlock[] {
  const words = PLAN_WORDS[language];
  const { triggers, warningSigns, copingSteps, peopleToCall } = plan.relapsePrevention;
  const blocks: ClientBlock[] = [];
  const add = (heading: string, items: string[]) => {
    const kept = items.filter((item) => item.trim() !== '');
    if (kept.length === 0) return;
    blocks.push({ kind: 'subheading', text: heading }, { kind: 'list', items: kept });
  };
  add(words.phrases.triggers, triggers);
  add(words.phrases.warningSigns, warningSigns);
  add(words.phrases.copingSteps, copingSteps);
  add(
    words.phrases.peopleToCall,
    peopleToCall.map((person) => joinParts([person.name, person.phone])),
  );
  return blocks;
}

function safety(plan: PlanDocument, language: PlanLanguage, scope: ConsentScope): ClientBlock[] {
  const words = PLAN_WORDS[language];
  const blocks: ClientBlock[] = [];
  // Every topic, always: the safety block cannot be removed from what a client reads.
  for (const topic of SAFETY_TOPICS) {
    const text = SAFETY_TEXT[language][topic];
    blocks.push({ kind: 'subheading', text: text.title });
    for (const paragraph of text.paragraphs) blocks.push({ kind: 'paragraph', text: paragraph });
    if (text.steps.length > 0) blocks.push({ kind: 'steps', intro: text.stepsIntro, items: [...text.steps] });
    if (topic === 'naloxone' && plan.safety.naloxone !== 'not-asked') {
      blocks.push({ kind: 'paragraph', text: words.naloxone[plan.safety.naloxone] });
    }
  }
  if (scope === 'full-plan') {
    const medication = plan.safety.medication;
    if (medication !== 'not-asked' && medication !== 'not-needed') {
      blocks.push({ kind: 'paragraph', text: words.medication[medication] });
    }
    if (plan.safety.note.trim() !== '') {
      blocks.push({ kind: 'subheading', text: words.phrases.note }, { kind: 'paragraph', text: plan.safety.note });
    }
  }
  return blocks;
}

/**
 * The plan in the client's words, in a language, cut to a scope. Sections with nothing in them are
 * left out, except the next step and the safety section, which every view has. `changes` is what
 * would change the recommendation the plan was made from (its stored `whatWouldChange`), of which the
 * full plan shows the client what fits the step they are in (client-changes.ts).
 */
export function clientPlanView(
  plan: PlanDocument,
  language: PlanLanguage,
  scope: ConsentScope,
  changes: readonly WhatWouldChange[] = [],
): ClientPlanView {
  const words = PLAN_WORDS[language];
  const build: Record<ClientSectionId, () => ClientBlock[]> = {
    'next-step': () => nextStep(plan, language),
    appointments: () => appointments(plan, language),
    medicines: () => medicines(plan, language),
    why: () => why(plan, language),
    changes: () => {
      const [intro, ...items] = clientChanges(plan, changes, language);
      return intro === undefined
        ? []
        : [
            { kind: 'paragraph', text: intro },
            { kind: 'list', items },
          ];
    },
    goals: () => goals(plan, language),
    care: () => care(plan, language),
    support: () => support(plan, language, scope),
    relapse: () => relapse(plan, language),
    'safety-plan': () => safetyPlan(plan, language),
    safety: () => safety(plan, language, scope),
  };
  const headings: Record<ClientSectionId, string> = {
    'next-step': words.headings.nextStep,
    appointments: TRANSITION_WORDS[language].headings.appointments,
    medicines: TRANSITION_WORDS[language].headings.medicines,
    why: words.headings.why,
    changes: CHANGE_WORDS[language].heading,
    goals: words.headings.goals,
    care: words.headings.care,
    support: words.headings.support,
    relapse: words.headings.relapse,
    'safety-plan': TRANSITION_WORDS[language].headings.safetyPlan,
    safety: words.headings.safety,
  };
  const sections = SCOPE_SECTIONS[scope]
    .map((id) => ({ id, heading: headings[id], blocks: build[id]() }))
    .filter((section) => section.blocks.length > 0);
  return { language, scope, title: words.headings.title, sections };
}
