/**
 * The pages behind a code: the client's own plan (with the acknowledgement button), a consented
 * recipient's view (exactly the consent's scope, with the Part 2 notice and the consent's terms),
 * and the pages for a code that opens nothing.
 */
import { clientPlanView } from '../../core/plans/client-view.js';
import { CONSENT_SCOPE_DESCRIPTIONS, consentLastDay, PART2_NOTICE } from '../../core/plans/consent.js';
import type { PlanLanguage } from '../../core/plans/vocabulary.js';
import { formatPlanDate, PLAN_WORDS } from '../../core/plans/words.js';
import type { Organization } from '../../storage/records.js';
import type { Disclosure } from '../services/consents.js';
import type { SharedPlan } from '../services/plan-sharing.js';
import { escapeHtml, page, sectionsHtml } from './html.js';

/** Consent terms in the recipient's language. The free text (purpose, names) is as the form recorded it. */
const CONSENT_WORDS = {
  en: {
    sharedWith: (recipient: string, patient: string) =>
      `Shared with ${recipient} because ${patient} agreed to it in writing.`,
    purpose: 'Purpose',
    covers: 'What this covers',
    ends: (date: string) => `This consent ends after ${date}.`,
    revoke: 'How to take it back',
  },
  es: {
    sharedWith: (recipient: string, patient: string) =>
      `Se comparte con ${recipient} porque ${patient} lo autorizó por escrito.`,
    purpose: 'Para qué',
    covers: 'Qué incluye',
    ends: (date: string) => `Este permiso termina después del ${date}.`,
    revoke: 'Cómo retirarlo',
  },
} as const;

/** The client's own finalised plan. */
export function sharedPlanPage(
  shared: SharedPlan,
  options: { language: PlanLanguage; path: string; ackAction: string; staffViewing: boolean },
): string {
  const { language } = options;
  const words = PLAN_WORDS[language];
  const view = clientPlanView(shared.document, language, 'full-plan', shared.whatWouldChange);
  const acknowledged = shared.acknowledgements.filter((ack) => ack.planVersion === shared.plan.version).at(-1);
  let ack: string;
  if (acknowledged) {
    ack = `<p class="done" role="status">${escapeHtml(words.phrases.acknowledged(formatPlanDate(acknowledged.acknowledgedAt, language, shared.organization.timeZone)))}</p>`;
  } else if (options.staffViewing) {
    // A signed-in colleague looking at the client's page does not answer for the client.
    ack = `<p class="done">${escapeHtml(language === 'es' ? 'Usted entró como personal de la clínica: la persona marca esto en su propio teléfono.' : 'You are signed in as clinic staff: the client records this on their own phone.')}</p>`;
  } else {
    ack = `<form method="post" action="${escapeHtml(options.ackAction)}"><button type="submit">${escapeHtml(words.phrases.acknowledge)}</button></form>`;
  }
  const finalisedOn = shared.plan.finalizedAt
    ? formatPlanDate(shared.plan.finalizedAt, language, shared.organization.timeZone)
    : null;
  const body = [
    `<h1>${escapeHtml(view.title)}</h1>`,
    `<p class="meta">${escapeHtml(words.phrases.planFor(shared.client.displayName))}</p>`,
    finalisedOn ? `<p class="meta">${escapeHtml(words.phrases.finalisedOn(finalisedOn))}</p>` : '',
    sectionsHtml(view.sections),
    `<section class="ack" aria-label="${escapeHtml(words.phrases.acknowledge)}">${ack}</section>`,
  ].join('\n');
  return page({ language, title: view.title, path: options.path, body, organization: shared.organization });
}

/** What a consented recipient sees: the notice, the consent's terms, and the plan cut to the consent's scope. */
export function disclosurePage(disclosure: Disclosure, options: { language: PlanLanguage; path: string }): string {
  const { language } = options;
  const words = PLAN_WORDS[language];
  const terms = CONSENT_WORDS[language];
  const { consent } = disclosure;
  const patient = consent.patientName ?? disclosure.client.displayName;
  const recipient = consent.recipientRelationship
    ? `${consent.recipientName} (${consent.recipientRelationship})`
    : consent.recipientName;
  const view = clientPlanView(disclosure.document, language, disclosure.scope);
  const notice = PART2_NOTICE[language];
  const lastDay = consentLastDay(consent.expiresAt, disclosure.organization.timeZone);
  const body = [
    `<h1>${escapeHtml(words.phrases.planFor(patient))}</h1>`,
    `<section class="notice" aria-labelledby="notice"><h2 id="notice">${escapeHtml(notice.title)}</h2><p>${escapeHtml(notice.text)}</p></section>`,
    `<section class="scope" aria-label="${escapeHtml(terms.covers)}">`,
    `<p>${escapeHtml(terms.sharedWith(recipient, patient))}</p>`,
    `<p><strong>${escapeHtml(terms.purpose)}:</strong> ${escapeHtml(consent.purpose)}</p>`,
    `<p><strong>${escapeHtml(terms.covers)}:</strong> ${escapeHtml(CONSENT_SCOPE_DESCRIPTIONS[disclosure.scope][language])}</p>`,
    `<p>${escapeHtml(terms.ends(formatPlanDate(lastDay, language)))}</p>`,
    `<p><strong>${escapeHtml(terms.revoke)}:</strong> ${escapeHtml(consent.revocationNotice)}</p>`,
    '</section>',
    sectionsHtml(view.sections),
  ].join('\n');
  return page({ language, title: view.title, path: options.path, body, organization: disclosure.organization });
}

/** A code that no longer opens anything (revoked, expired) or never did. */
export function unavailablePage(
  kind: 'gone' | 'not-found' | 'not-ready',
  language: PlanLanguage,
  organization: Organization | null,
): string {
  const phrases = PLAN_WORDS[language].phrases;
  const notReady = {
    en: {
      title: 'This plan is not ready yet',
      text: 'The care team has not signed the plan yet. Try again later, or call the clinic.',
    },
    es: {
      title: 'Este plan todavía no está listo',
      text: 'El equipo todavía no firma el plan. Intente más tarde, o llame a la clínica.',
    },
  }[language];
  const { title, text } =
    kind === 'gone'
      ? { title: phrases.notAvailableTitle, text: phrases.notAvailable }
      : kind === 'not-ready'
        ? notReady
        : { title: phrases.notFoundTitle, text: phrases.notFound };
  return page({
    language,
    title,
    path: null,
    body: `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`,
    organization,
  });
}
