/**
 * The client-facing words of a discharge plan, in English and Spanish: names of the settings of
 * care, section headings, service names and the answers about naloxone and medication. Plain words,
 * grade 8 or lower (DESIGN.md principle 6); a test scores them. The share page, the client PDF and
 * the recipient's page all read from here, so they say the same thing.
 */
import type { PlanSetting } from './plan-schema.js';
import { calendarDate } from '../time-zone.js';
import type {
  MedicationPlanStatus,
  MedicationPurpose,
  NaloxoneStatus,
  PlanLanguage,
  ServiceKind,
} from './vocabulary.js';

export interface SettingWords {
  name: string;
  what: string;
}

export interface PlanWords {
  settings: Readonly<Record<PlanSetting, SettingWords>>;
  /** Added to the setting's name when a sober home is part of the plan. */
  withRecoveryResidence: string;
  headings: {
    title: string;
    nextStep: string;
    why: string;
    goals: string;
    care: string;
    support: string;
    relapse: string;
    safety: string;
    clinic: string;
  };
  phrases: {
    recommendedWas: (setting: string) => string;
    youChose: (setting: string) => string;
    checkIn: (date: string) => string;
    howYouWillKnow: string;
    by: (date: string) => string;
    therapies: string;
    supportGroups: string;
    soberContacts: string;
    triggers: string;
    warningSigns: string;
    copingSteps: string;
    peopleToCall: string;
    planFor: (name: string) => string;
    finalisedOn: (date: string) => string;
    phone: string;
    email: string;
    address: string;
    acknowledge: string;
    acknowledged: (date: string) => string;
    crisisBar: string;
    languageSwitch: string;
    notAvailableTitle: string;
    notAvailable: string;
    notFoundTitle: string;
    notFound: string;
    note: string;
  };
  services: Readonly<Record<ServiceKind, string>>;
  medicationFor: Readonly<Record<MedicationPurpose, string>>;
  naloxone: Readonly<Record<Exclude<NaloxoneStatus, 'not-asked'>, string>>;
  medication: Readonly<Record<Exclude<MedicationPlanStatus, 'not-asked' | 'not-needed'>, string>>;
}

export const PLAN_WORDS: Readonly<Record<PlanLanguage, PlanWords>> = {
  en: {
    settings: {
      op: { name: 'Outpatient care', what: 'You go to sessions a few hours a week and live at home.' },
      iop: {
        name: 'Intensive outpatient program (IOP)',
        what: 'You go to group and one-on-one sessions about 9 to 19 hours a week. You live at home.',
      },
      php: {
        name: 'Day program (partial hospital)',
        what: 'You go to treatment most of the day, 5 or more days a week. You sleep at home.',
      },
      residential: { name: 'Residential treatment', what: 'You live at the program, with staff there day and night.' },
      inpatient: {
        name: 'Hospital care',
        what: 'You stay in a hospital-type place, with doctors and nurses close by.',
      },
      'urgent-evaluation': {
        name: 'See a doctor or crisis team today',
        what: 'Your safety comes first. Get checked today, before any other plan.',
      },
    },
    withRecoveryResidence: 'while living in a sober home',
    headings: {
      title: 'Your plan after treatment',
      nextStep: 'Your next step in care',
      why: 'Why this is recommended',
      goals: 'Your goals',
      care: 'Your care and services',
      support: 'Your support',
      relapse: 'If cravings or stress hit',
      safety: 'Stay safe',
      clinic: 'Your clinic',
    },
    phrases: {
      recommendedWas: (setting) => `Your care team recommended: ${setting}.`,
      youChose: (setting) => `You and your care team chose: ${setting}.`,
      checkIn: (date) => `We will look at this plan again with you by ${date}.`,
      howYouWillKnow: 'How you will know',
      by: (date) => `By ${date}`,
      therapies: 'Therapy',
      supportGroups: 'Support groups',
      soberContacts: 'Sober people you can call',
      triggers: 'Things that can set off cravings',
      warningSigns: 'Warning signs',
      copingSteps: 'What you will do',
      peopleToCall: 'People to call',
      planFor: (name) => `Plan for ${name}`,
      finalisedOn: (date) => `Your care team signed this plan on ${date}.`,
      phone: 'Phone',
      email: 'Email',
      address: 'Address',
      acknowledge: 'I understand why this is recommended',
      acknowledged: (date) => `Thank you. You told us on ${date} that you understand why this is recommended.`,
      crisisBar: 'In crisis? Call or text 988. In danger? Call 911.',
      languageSwitch: 'En español',
      notAvailableTitle: 'This plan is no longer available',
      notAvailable: 'The link has ended or was turned off. Ask the person who shared it, or call the clinic.',
      notFoundTitle: 'We could not find this plan',
      notFound: 'Check the link, or ask your clinic for a new one.',
      note: 'A note from your care team',
    },
    services: {
      'family-counselling': 'Family counseling',
      'psychiatric-follow-up': 'Mental health follow-up',
      medication: 'Medicine',
      'case-management': 'Help with housing, benefits and appointments',
      vocational: 'Help with work or school',
      other: 'Other help',
    },
    medicationFor: {
      'opioid-use-disorder': 'medicine for opioid use',
      'alcohol-use-disorder': 'medicine for alcohol use',
      other: 'other medicine',
    },
    naloxone: {
      'has-kit': 'You have naloxone.',
      'will-get': 'You plan to get naloxone.',
      declined: 'You chose not to get naloxone for now. You can get it at a drug store at any time.',
    },
    medication: {
      taking: 'Keep taking your medicine for recovery. Do not stop it on your own.',
      starting: 'You plan to start a medicine for recovery. Your care team will help.',
      referred: 'You have a referral to talk about medicine for recovery.',
      declined: 'You chose not to take medicine for recovery for now. You can change your mind at any time.',
    },
  },
  es: {
    settings: {
      op: { name: 'Atención ambulatoria', what: 'Va a sesiones unas horas por semana y vive en su casa.' },
      iop: {
        name: 'Programa ambulatorio intensivo (IOP)',
        what: 'Va a sesiones en grupo y a solas, de 9 a 19 horas por semana. Vive en su casa.',
      },
      php: {
        name: 'Programa de día (hospital parcial)',
        what: 'Va a tratamiento casi todo el día, 5 días o más por semana. Duerme en su casa.',
      },
      residential: { name: 'Tratamiento residencial', what: 'Vive en el programa, con personal de día y de noche.' },
      inpatient: {
        name: 'Atención en hospital',
        what: 'Se queda en un lugar como un hospital, con médicos y enfermeras cerca.',
      },
      'urgent-evaluation': {
        name: 'Vea a un médico o a un equipo de crisis hoy',
        what: 'Su seguridad es lo primero. Pida que lo revisen hoy, antes de otro plan.',
      },
    },
    withRecoveryResidence: 'mientras vive en una casa sobria',
    headings: {
      title: 'Su plan después del tratamiento',
      nextStep: 'Su siguiente paso',
      why: 'Por qué se lo recomendamos',
      goals: 'Sus metas',
      care: 'Su atención y servicios',
      support: 'Su apoyo',
      relapse: 'Si llegan las ganas o el estrés',
      safety: 'Cuídese',
      clinic: 'Su clínica',
    },
    phrases: {
      recommendedWas: (setting) => `Su equipo le recomendó: ${setting}.`,
      youChose: (setting) => `Usted y su equipo eligieron: ${setting}.`,
      checkIn: (date) => `Vamos a revisar este plan con usted antes del ${date}.`,
      howYouWillKnow: 'Cómo lo va a saber',
      by: (date) => `Para el ${date}`,
      therapies: 'Terapia',
      supportGroups: 'Grupos de apoyo',
      soberContacts: 'Personas sobrias a quienes llamar',
      triggers: 'Cosas que le pueden dar ganas de usar',
      warningSigns: 'Señales de alerta',
      copingSteps: 'Lo que va a hacer',
      peopleToCall: 'A quién llamar',
      planFor: (name) => `Plan de ${name}`,
      finalisedOn: (date) => `Su equipo firmó este plan el ${date}.`,
      phone: 'Teléfono',
      email: 'Correo',
      address: 'Dirección',
      acknowledge: 'Entiendo por qué me lo recomiendan',
      acknowledged: (date) => `Gracias. El ${date} nos dijo que entiende por qué se lo recomendamos.`,
      crisisBar: '¿En crisis? Llame o mande un texto al 988. ¿En peligro? Llame al 911.',
      languageSwitch: 'In English',
      notAvailableTitle: 'Este plan ya no está disponible',
      notAvailable: 'El enlace terminó o lo apagaron. Pregunte a quien se lo dio, o llame a la clínica.',
      notFoundTitle: 'No encontramos este plan',
      notFound: 'Revise el enlace, o pida uno nuevo a su clínica.',
      note: 'Una nota de su equipo',
    },
    services: {
      'family-counselling': 'Consejería para la familia',
      'psychiatric-follow-up': 'Citas de salud mental',
      medication: 'Medicina',
      'case-management': 'Ayuda con vivienda, beneficios y citas',
      vocational: 'Ayuda con el trabajo o la escuela',
      other: 'Otra ayuda',
    },
    medicationFor: {
      'opioid-use-disorder': 'medicina para el uso de opioides',
      'alcohol-use-disorder': 'medicina para el uso de alcohol',
      other: 'otra medicina',
    },
    naloxone: {
      'has-kit': 'Usted tiene naloxona.',
      'will-get': 'Usted va a conseguir naloxona.',
      declined: 'Por ahora eligió no tener naloxona. La puede comprar en la farmacia cuando quiera.',
    },
    medication: {
      taking: 'Siga con su medicina. No la deje por su cuenta.',
      starting: 'Va a empezar una medicina. Su equipo le va a ayudar.',
      referred: 'Tiene una cita para hablar de una medicina.',
      declined: 'Por ahora no quiere tomar medicina. Puede cambiar de idea cuando quiera.',
    },
  },
};

/**
 * A calendar date (`YYYY-MM-DD`), or the day an instant (an ISO time) falls on in `timeZone`, in
 * words of the language: "March 3, 2026", "3 de marzo de 2026".
 */
export function formatPlanDate(date: string, language: PlanLanguage, timeZone = 'UTC'): string {
  const day = date.length === 10 ? date : calendarDate(date, timeZone);
  const time = Date.parse(`${day}T00:00:00Z`);
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(time));
}

/** The client-facing name of a setting, with the sober home when it is part of the plan. */
export function settingPhrase(setting: PlanSetting, withRecoveryResidence: boolean, language: PlanLanguage): string {
  const words = PLAN_WORDS[language];
  const name = words.settings[setting].name;
  return withRecoveryResidence ? `${name}, ${words.withRecoveryResidence}` : name;
}
