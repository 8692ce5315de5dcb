/**
 * Honest reasons for the client: of every rule that fired, only those that decided the step of care
 * the client is in, and the clinician's reason, in the client's words, when the chosen setting
 * differs from the recommended one. A rule that only set a floor below the chosen setting ("A day
 * program gives you more support" on a residential plan) did not decide anything the client lives
 * through, so the client does not read it.
 *
 * A reason decided the client's step when one of its effects (the basis `effect` label, see
 * BasisEntrySchema) is about it:
 * - `urgent`, on an urgent plan;
 * - `floor:X`, when X is the chosen setting;
 * - `withdrawal:L`, when L is the withdrawal management of the plan, and
 *   `medically-monitored:withdrawal-management`, when the plan starts with withdrawal management in
 *   a 24-hour setting; `medically-monitored:level-of-care`, when the chosen setting is 24-hour care;
 * - `recovery-residence`, when the chosen care is paired with a recovery residence;
 * - `note` and `require:*`: what the plan must take into account or contain, whatever the setting.
 * `alternative:*` alone decides nothing.
 */
import type { BasisEntry } from '../recommendation.js';
import type { PlanDocument } from './plan-schema.js';
import type { PlanLanguage, VarianceReason } from './vocabulary.js';

type PlanFacts = Pick<
  PlanDocument,
  'urgent' | 'selectedSetting' | 'selectedWithRecoveryResidence' | 'withdrawalManagement'
>;

const TWENTY_FOUR_HOUR = new Set(['residential', 'inpatient']);

function effectDecides(effect: string, plan: PlanFacts): boolean {
  if (effect === 'urgent') return plan.urgent;
  if (effect === 'note' || effect.startsWith('require:')) return true;
  if (effect === 'recovery-residence') return plan.selectedWithRecoveryResidence;
  if (effect.startsWith('floor:')) return effect.slice('floor:'.length) === plan.selectedSetting;
  if (effect.startsWith('withdrawal:')) return effect.slice('withdrawal:'.length) === plan.withdrawalManagement;
  if (effect === 'medically-monitored:withdrawal-management') {
    return TWENTY_FOUR_HOUR.has(plan.withdrawalManagement);
  }
  if (effect === 'medically-monitored:level-of-care') return TWENTY_FOUR_HOUR.has(plan.selectedSetting);
  return false;
}

/** The reasons of a plan that decided the step of care the client is in, in the plan's order. */
export function decidingReasons<T extends Pick<BasisEntry, 'effect'>>(reasons: readonly T[], plan: PlanFacts): T[] {
  return reasons.filter((reason) => reason.effect.split('+').some((effect) => effectDecides(effect, plan)));
}

/** The clinician's coded reason for choosing another setting, as the client reads it. */
export const VARIANCE_CLIENT_WORDS: Readonly<Record<PlanLanguage, Readonly<Record<VarianceReason, string>>>> = {
  en: {
    'service-not-available': 'The kind of program your team first suggested is not available near you.',
    waitlist: 'The program your team first suggested has a waiting list.',
    'client-preference': 'You chose this option.',
    transportation: 'Getting to the program your team first suggested is hard for you.',
    accessibility: 'The program your team first suggested does not meet your access needs.',
    'cost-or-coverage': 'Cost or insurance made this option the better fit.',
    'language-or-culture': 'This option fits your language or culture better.',
    environment: 'Your home or the place you live made this option the better fit.',
    'mental-health': 'Your mental health needs made this option the better fit.',
    'physical-health': 'Your physical health needs made this option the better fit.',
    'court-ordered': 'A court or a probation officer asked for this option.',
    'clinician-judgement': 'Your care team thinks this option fits you better.',
    other: 'Your care team will tell you why they chose this option.',
  },
  es: {
    'service-not-available': 'El tipo de programa que su equipo sugirió primero no está cerca de usted.',
    waitlist: 'El programa que su equipo sugirió primero tiene lista de espera.',
    'client-preference': 'Usted eligió esta opción.',
    transportation: 'Le cuesta llegar al programa que su equipo sugirió primero.',
    accessibility: 'El programa que su equipo sugirió primero no le da el acceso que necesita.',
    'cost-or-coverage': 'Por el costo o el seguro, esta opción le va mejor.',
    'language-or-culture': 'Esta opción va mejor con su idioma o su cultura.',
    environment: 'Por su casa o el lugar donde vive, esta opción le va mejor.',
    'mental-health': 'Por su salud mental, esta opción le va mejor.',
    'physical-health': 'Por su salud física, esta opción le va mejor.',
    'court-ordered': 'Un juez o un oficial de libertad condicional pidió esta opción.',
    'clinician-judgement': 'Su equipo cree que esta opción le va mejor.',
    other: 'Su equipo le dirá por qué eligió esta opción.',
  },
};
