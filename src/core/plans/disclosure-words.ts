/**
 * The words of a client's accounting of disclosures (42 CFR 2.24 and 2.25; HIPAA 45 CFR 164.528):
 * each time the clinic shared the client's records under their written consent, to whom, what,
 * when and why, in plain language, in English and Spanish. The clinician's screen uses the English
 * words; the client's PDF uses their language.
 */
import type { PlanLanguage } from './vocabulary.js';

/** What a disclosure shared: a consent's scope, or the transition summary sent to the next program. */
export const DISCLOSED_KINDS = ['plan-summary', 'full-plan', 'transition-summary'] as const;
export type DisclosedKind = (typeof DISCLOSED_KINDS)[number];

/** How it was shared: the recipient opened their private link, or the clinic gave the program a summary. */
export const DISCLOSURE_WAYS = ['recipient-link', 'sent-by-clinic'] as const;
export type DisclosureWay = (typeof DISCLOSURE_WAYS)[number];

export interface DisclosureWords {
  title: string;
  /** Who the list is for, and who made it. */
  forClient: (name: string) => string;
  fromClinic: (clinic: string) => string;
  /** The days the list covers. */
  period: (from: string, to: string) => string;
  intro: string;
  none: string;
  columns: { when: string; toWhom: string; what: string; why: string };
  what: Record<DisclosedKind, string>;
  how: Record<DisclosureWay, string>;
  /** "Given by" a named staff member, when one gave it. */
  givenBy: (name: string) => string;
  rightsHeading: string;
  rights: string[];
  /** The footer's words before the page number. */
  page: string;
}

export const DISCLOSURE_WORDS: Readonly<Record<PlanLanguage, DisclosureWords>> = {
  en: {
    title: 'Who we shared your records with',
    forClient: (name) => `For: ${name}`,
    fromClinic: (clinic) => `From: ${clinic}`,
    period: (from, to) => `This list covers ${from} to ${to}.`,
    intro:
      'You gave us written consent to share some of your records. This list shows each time we shared them: when, with whom, what, and why.',
    none: 'We have not shared your records with anyone in this time.',
    columns: { when: 'When', toWhom: 'With whom', what: 'What', why: 'Why' },
    what: {
      'plan-summary': 'A short version of your discharge plan',
      'full-plan': 'Your full discharge plan',
      'transition-summary':
        'A summary of your plan for your next program: your care, medicines, visits and safety plan',
    },
    how: {
      'recipient-link': 'They opened the private link your consent gave them.',
      'sent-by-clinic': 'We gave it to them.',
    },
    givenBy: (name) => `Given by ${name}.`,
    rightsHeading: 'Your rights',
    rights: [
      'You can ask us for this list at any time. It is free.',
      'You can take back your consent at any time. Tell us in writing. We will stop sharing from then on.',
      'If something on this list looks wrong, tell us. You can also contact the U.S. Department of Health and Human Services.',
    ],
    page: 'Page ',
  },
  es: {
    title: 'Con quién compartimos sus registros',
    forClient: (name) => `Para: ${name}`,
    fromClinic: (clinic) => `De: ${clinic}`,
    period: (from, to) => `Esta lista va del ${from} al ${to}.`,
    intro:
      'Usted nos dio permiso por escrito para compartir algunos de sus registros. Esta lista muestra cada vez que los compartimos: cuándo, con quién, qué y por qué.',
    none: 'No hemos compartido sus registros con nadie en este tiempo.',
    columns: { when: 'Cuándo', toWhom: 'Con quién', what: 'Qué', why: 'Por qué' },
    what: {
      'plan-summary': 'Una versión corta de su plan de alta',
      'full-plan': 'Su plan de alta completo',
      'transition-summary':
        'Un resumen de su plan para su próximo programa: su cuidado, medicinas, citas y plan de seguridad',
    },
    how: {
      'recipient-link': 'Abrieron el enlace privado que les dio su permiso.',
      'sent-by-clinic': 'Se lo dimos nosotros.',
    },
    givenBy: (name) => `Lo dio ${name}.`,
    rightsHeading: 'Sus derechos',
    rights: [
      'Puede pedirnos esta lista cuando quiera. Es gratis.',
      'Puede retirar su permiso cuando quiera. Díganoslo por escrito. Dejaremos de compartir desde ese momento.',
      'Si algo en esta lista no está bien, díganoslo. También puede hablar con el Departamento de Salud y Servicios Humanos de EE. UU.',
    ],
    page: 'Página ',
  },
};

/** Every fixed sentence a client reads, for the readability test (names and dates filled with short words). */
export function disclosureSentences(language: PlanLanguage): string[] {
  const words = DISCLOSURE_WORDS[language];
  return [
    words.title,
    words.intro,
    words.none,
    ...Object.values(words.what),
    ...Object.values(words.how),
    words.rightsHeading,
    ...words.rights,
  ];
}
