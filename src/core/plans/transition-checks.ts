/**
 * The checks plan@2 adds before finalising, for the first weeks after discharge (DESIGN.md 5.1):
 * an urgent recommendation needs its evaluation recorded; medicines for addiction the assessment
 * lists need their continuation; a first appointment within 7 days of discharge, or a coded reason;
 * a reassessment within 90 days of discharge; a safety plan when the assessment calls for one;
 * naloxone after an overdose; prenatal care and no taper of opioid medication without a stated
 * reason when the recommendation requires them; and something to follow up at all.
 */
import type { FieldIssue } from '../validation.js';
import { addictionMedicineOf } from './medicines.js';
import { requiresNoTaper } from './plan-needs.js';
import type { PlanDocument } from './plan-schema.js';

/** Days after discharge within which the first appointment should start. */
export const FIRST_APPOINTMENT_DAYS = 7;
/** Days after discharge by which the plan is looked at again. */
export const REASSESS_WITHIN_DAYS = 90;

/** `YYYY-MM-DD` plus a number of days (UTC calendar arithmetic; dates carry no zone). */
export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const blank = (value: string): boolean => value.trim() === '';

function urgentProblems(plan: PlanDocument): FieldIssue[] {
  if (!plan.urgent) return [];
  const evaluation = plan.urgentEvaluation;
  if (evaluation === null) {
    return [
      {
        path: 'urgentEvaluation',
        message:
          'the recommendation was urgent: record when the urgent evaluation happened, who did it, and what it found',
      },
    ];
  }
  const issues: FieldIssue[] = [];
  if (evaluation.when === null)
    issues.push({ path: 'urgentEvaluation.when', message: 'say when the evaluation happened' });
  if (blank(evaluation.by)) issues.push({ path: 'urgentEvaluation.by', message: 'say who did the evaluation' });
  if (blank(evaluation.outcome.text)) {
    issues.push({
      path: 'urgentEvaluation.outcome.text',
      message:
        evaluation.outcome.kind === 'stated'
          ? 'state what the evaluation found'
          : 'say what the evaluation found that calls for a new assessment',
    });
  }
  return issues;
}

/** True when a medication line of the plan is the listed medicine (same medicine, or the same words). */
function covers(line: string, listed: string): boolean {
  const medicine = addictionMedicineOf(listed);
  if (medicine !== undefined) return addictionMedicineOf(line) === medicine;
  return line.trim().toLowerCase().includes(listed.trim().toLowerCase());
}

function medicationProblems(plan: PlanDocument): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const listed = plan.needs.medicationsForAddiction;
  if (listed.length > 0 && plan.medications.length === 0) {
    issues.push({
      path: 'medications',
      message: `the assessment lists ${listed.join(', ')}: say how each continues (dose, prescriber or dosing clinic)`,
    });
  } else {
    for (const name of listed) {
      if (!plan.medications.some((medication) => covers(medication.name, name))) {
        issues.push({ path: 'medications', message: `the assessment lists ${name}: add it, with how it continues` });
      }
    }
  }
  plan.medications.forEach((medication, index) => {
    if (blank(medication.name)) issues.push({ path: `medications.${index}.name`, message: 'name the medicine' });
    if (blank(medication.dose)) issues.push({ path: `medications.${index}.dose`, message: 'write the dose' });
    if (blank(medication.prescriber)) {
      issues.push({ path: `medications.${index}.prescriber`, message: 'name the prescriber or dosing clinic' });
    }
  });
  return issues;
}

/**
 * Pregnancy with opioid use: medication for opioid use disorder continues and is never tapered or
 * stopped by default (withdrawal and the return to use after a taper put the pregnancy at risk;
 * ACOG Committee Opinion 711, SAMHSA 2018). A taper or a stop needs its clinical reason stated.
 * A line counts as such a medicine by its purpose or by its name (methadone, buprenorphine and
 * their brands), so picking "other" does not step around the check.
 */
function noTaperProblems(plan: PlanDocument): FieldIssue[] {
  if (!requiresNoTaper(plan)) return [];
  const issues: FieldIssue[] = [];
  plan.medications.forEach((medication, index) => {
    if (medication.course !== 'taper' && medication.course !== 'stop') return;
    const named = addictionMedicineOf(medication.name);
    const opioidMedicine =
      medication.for === 'opioid-use-disorder' || named === 'methadone' || named === 'buprenorphine';
    if (!opioidMedicine || !blank(medication.courseReason ?? '')) return;
    issues.push({
      path: `medications.${index}.courseReason`,
      message: `pregnancy with opioid use: medication for opioid use disorder continues and is never ${medication.course === 'taper' ? 'tapered' : 'stopped'} by default; state the clinical reason`,
    });
  });
  return issues;
}

function appointmentProblems(plan: PlanDocument): FieldIssue[] {
  const issues: FieldIssue[] = [];
  plan.appointments.forEach((appointment, index) => {
    if (blank(appointment.with)) {
      issues.push({ path: `appointments.${index}.with`, message: 'name the program or person' });
    }
    if (appointment.startsAt === null) {
      issues.push({ path: `appointments.${index}.startsAt`, message: 'set the date and time' });
    }
    if (blank(appointment.address) && blank(appointment.phone)) {
      issues.push({ path: `appointments.${index}.phone`, message: 'give a phone number or an address' });
    }
  });
  if (plan.dischargeDate === null) {
    issues.push({ path: 'dischargeDate', message: 'set the discharge date' });
    return issues;
  }
  const first = plan.dischargeDate;
  const last = addCalendarDays(first, FIRST_APPOINTMENT_DAYS);
  const soon = plan.appointments.some((appointment) => {
    const day = appointment.startsAt?.slice(0, 10);
    return day !== undefined && day >= first && day <= last;
  });
  if (!soon) {
    const reason = plan.noAppointmentReason;
    if (reason === null) {
      issues.push({
        path: 'appointments',
        message: `add an appointment that starts within ${FIRST_APPOINTMENT_DAYS} days of the discharge date (by ${last}), or choose why there is none`,
      });
    } else if (reason.reason === 'other' && blank(reason.text)) {
      issues.push({ path: 'noAppointmentReason.text', message: 'say why there is no appointment' });
    }
  }
  if (
    plan.reassessBy !== null &&
    (plan.reassessBy < first || plan.reassessBy > addCalendarDays(first, REASSESS_WITHIN_DAYS))
  ) {
    issues.push({
      path: 'reassessBy',
      message: `must be between the discharge date and ${REASSESS_WITHIN_DAYS} days after it (${addCalendarDays(first, REASSESS_WITHIN_DAYS)})`,
    });
  }
  return issues;
}

function safetyPlanProblems(plan: PlanDocument): FieldIssue[] {
  const safetyPlan = plan.safetyPlan;
  if (safetyPlan === null) {
    return plan.needs.safetyPlan
      ? [{ path: 'safetyPlan', message: 'the assessment calls for a safety plan: write it with the client' }]
      : [];
  }
  const issues: FieldIssue[] = [];
  const required = [
    ['warningSigns', 'add at least one warning sign'],
    ['onMyOwn', 'add at least one thing the client can do on their own'],
    ['professionals', 'add at least one professional or crisis line'],
    ['saferSurroundings', 'add at least one way to make their surroundings safer'],
  ] as const;
  for (const [part, message] of required) {
    if (safetyPlan[part].length === 0) issues.push({ path: `safetyPlan.${part}`, message });
  }
  if (safetyPlan.peopleAndPlaces.length === 0 && safetyPlan.peopleToAsk.length === 0) {
    issues.push({
      path: 'safetyPlan.peopleToAsk',
      message: 'add a person to ask for help, or a person or place that helps',
    });
  }
  return issues;
}

/** The plan@2 reasons a plan cannot be finalised yet, each by field path. */
export function transitionProblems(plan: PlanDocument): FieldIssue[] {
  const issues = [
    ...urgentProblems(plan),
    ...medicationProblems(plan),
    ...noTaperProblems(plan),
    ...appointmentProblems(plan),
    ...safetyPlanProblems(plan),
  ];
  if (plan.needs.naloxone && plan.safety.naloxone !== 'has-kit' && plan.safety.naloxone !== 'will-get') {
    issues.push({
      path: 'safety.naloxone',
      message: 'an opioid overdose in the past year: the plan must include naloxone (has a kit, or will get one)',
    });
  }
  if (plan.needs.obstetricCare && !plan.appointments.some((appointment) => appointment.kind === 'prenatal-care')) {
    issues.push({
      path: 'appointments',
      message: 'pregnancy with opioid use: add a prenatal (obstetric) care appointment',
    });
  }
  if (
    plan.goals.length === 0 &&
    plan.therapies.length === 0 &&
    plan.services.length === 0 &&
    plan.appointments.length === 0 &&
    plan.medications.length === 0
  ) {
    issues.push({ path: 'goals', message: 'the plan has no goals, services or follow-up: add at least one' });
  }
  return issues;
}
