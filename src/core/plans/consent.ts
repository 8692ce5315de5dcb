/**
 * Consent to disclose a client's discharge plan to someone they name, under 42 CFR Part 2 (domain
 * brief 7.3, REQ-P2): the elements a written consent must hold, the two scopes a consent can name,
 * the notice that goes with every disclosure (42 CFR 2.32, in our own words), and whether a consent
 * is in force at a moment. Pure, so the browser checks a consent form with the server's own rules.
 */
import { z } from 'zod';
import { addCalendarDays, lastDayBefore, startOfDay } from '../time-zone.js';

/**
 * Part 2 consent types (REQ-P2). A recipient link discloses to one named person, so only a
 * `specific` consent can create one; the others are listed so stored values stay in one vocabulary.
 */
export const CONSENT_TYPES = ['specific', 'tpo-single', 'counseling-notes', 'legal-proceedings'] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];

/** What a consent can disclose: a specific and meaningful description of the information (2.31(a)(3)). */
export const CONSENT_SCOPES = ['plan-summary', 'full-plan'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const CONSENT_SCOPE_DESCRIPTIONS: Readonly<Record<ConsentScope, { en: string; es: string }>> = {
  'plan-summary': {
    en: 'Finalised discharge plan summary: the next step in care and when the plan will be looked at again, the goals, the support groups, and safety information. It does not include the reasons for the recommendation, treatment services or medicines, other people’s contact details, the relapse-prevention plan, or notes.',
    es: 'Resumen del plan de alta firmado: el siguiente paso en la atención y cuándo se revisará el plan, las metas, los grupos de apoyo y la información de seguridad. No incluye las razones de la recomendación, los servicios de tratamiento ni las medicinas, los datos de contacto de otras personas, el plan para prevenir recaídas ni las notas.',
  },
  'full-plan': {
    en: 'Full discharge plan (finalised): the next step in care and why it was recommended, the goals, therapy and services (including medicines), support groups and sober contacts, the relapse-prevention plan, and safety information. It does not include the assessment or the clinician’s notes.',
    es: 'Plan de alta completo (firmado): el siguiente paso en la atención y por qué se recomendó, las metas, la terapia y los servicios (incluidas las medicinas), los grupos de apoyo y los contactos sobrios, el plan para prevenir recaídas y la información de seguridad. No incluye la evaluación ni las notas del clínico.',
  },
};

/**
 * The notice that accompanies every disclosure (42 CFR 2.32, as revised in 2024), written in our own
 * words: it names the rule, forbids further disclosure without the client's written consent or
 * another basis in Part 2, and forbids use against the client in any proceeding.
 */
export const PART2_NOTICE: Readonly<{ en: { title: string; text: string }; es: { title: string; text: string } }> = {
  en: {
    title: 'Notice required by federal law (42 CFR 2.32)',
    text: 'This information comes from substance use disorder treatment records that federal confidentiality rules protect (42 CFR part 2). You may not share it with anyone else unless the person it is about agrees in writing or 42 CFR part 2 allows it; a general permission to release medical information is not enough. It, and any testimony about it, may not be used to investigate the person or to bring criminal, civil, administrative or legislative charges or proceedings against them, unless 42 CFR part 2 allows it (for example, with their specific consent or a court order).',
  },
  es: {
    title: 'Aviso exigido por la ley federal (42 CFR 2.32)',
    text: 'Esta información viene de registros de tratamiento por uso de sustancias que protegen las reglas federales de confidencialidad (42 CFR parte 2). No puede compartirla con nadie más a menos que la persona a quien se refiere lo autorice por escrito o que la parte 2 del 42 CFR lo permita; un permiso general para dar información médica no basta. Ni esta información ni un testimonio sobre ella pueden usarse para investigar a la persona ni para presentar cargos o procesos penales, civiles, administrativos o legislativos en su contra, salvo que la parte 2 del 42 CFR lo permita (por ejemplo, con su consentimiento específico o una orden judicial).',
  },
};

/** A consent names its recipient for at most a year; a new consent can follow. */
export const CONSENT_MAX_DAYS = 366;

/** Standard wording of the right to revoke (2.31(a)(6)); the form prefills it with the clinic's details. */
export function defaultRevocationText(clinic: { name: string; phone: string | null }): string {
  const how = clinic.phone ? ` or by calling ${clinic.phone} and then confirming in writing` : '';
  return `You can take back (revoke) this consent at any time, in writing, by telling ${clinic.name}${how}. Taking it back stops future sharing at once; it cannot undo sharing that already happened while the consent was in force.`;
}

const required = (max: number) => z.string().trim().min(1, 'required').max(max);
const date = z.iso.date('must be a date as YYYY-MM-DD');

/** A new consent as the clinician records it from the signed form; every element of 2.31(a) is required. */
export const NewConsentSchema = z
  .strictObject({
    /** The plan whose finalised version the recipient may read. */
    planId: z.uuid(),
    scope: z.enum(CONSENT_SCOPES),
    consentType: z.literal('specific', 'a recipient link needs a "specific" consent'),
    /** (a)(1) The patient's name. */
    patientName: required(200),
    /** (a)(2) Who may disclose: the program, by name. */
    discloser: required(200),
    /** (a)(4) Who receives it, and how they relate to the client. */
    recipient: z.strictObject({ name: required(200), relationship: required(100) }),
    /** (a)(5) Why. */
    purpose: required(500),
    /** (a)(7) The last day the consent is in force. */
    expiresOn: date,
    /** (a)(6) The right to revoke, and how. */
    revocation: required(1000),
    /** (a)(8) Who signed: the patient, or a representative with their authority. */
    signature: z.strictObject({
      signedBy: z.enum(['patient', 'representative']),
      name: required(200),
      representativeAuthority: z.string().trim().max(200).optional(),
    }),
    /** (a)(9) The date signed. */
    signedOn: date,
  })
  .superRefine((consent, context) => {
    if (consent.signature.signedBy === 'representative' && !consent.signature.representativeAuthority) {
      context.addIssue({
        code: 'custom',
        path: ['signature', 'representativeAuthority'],
        message: 'say what gives the representative authority to sign',
      });
    }
    if (consent.expiresOn <= consent.signedOn) {
      context.addIssue({ code: 'custom', path: ['expiresOn'], message: 'must be after the date signed' });
    }
  });
export type NewConsent = z.infer<typeof NewConsentSchema>;

export type ConsentStatus = 'active' | 'expired' | 'revoked';

/** Whether a consent is in force at `now`: revocation wins, then expiry (the consent's last day included). */
export function consentStatus(consent: { expiresAt: string; revokedAt: string | null }, now: Date): ConsentStatus {
  if (consent.revokedAt !== null && Date.parse(consent.revokedAt) <= now.getTime()) return 'revoked';
  if (now.getTime() >= Date.parse(consent.expiresAt)) return 'expired';
  return 'active';
}

/**
 * The moment a consent whose last day is `expiresOn` (`YYYY-MM-DD`, the organisation's calendar)
 * ends: the start of the next day in the organisation's time zone.
 */
export function consentEnd(expiresOn: string, timeZone: string): string {
  return startOfDay(addCalendarDays(expiresOn, 1), timeZone).toISOString();
}

/** The last day a consent is in force (`YYYY-MM-DD`, the organisation's calendar), from the moment it ends. */
export function consentLastDay(expiresAt: string, timeZone: string): string {
  return lastDayBefore(expiresAt, timeZone);
}
